import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** What a public route answered: its status and parsed JSON body (a problem+json body on refusals). */
export interface PublicAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/** A public route's refusal: its status, problem and the headers that go with it (Retry-After of a 503). */
export interface Refusal {
  readonly ok: false;
  readonly status: number;
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
}

/** An RFC 9457 problem as the API sends it. */
export interface Problem {
  readonly code: string;
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

/**
 * The portal reads what the public API serves, by asking it in-process (Fastify's inject: no socket,
 * no port), never the ledger or a read model behind the API's back. So a page can show nothing the
 * public API would not: no personal data, no private note, no unannounced contract (API.md "Queries").
 * The request carries no key: a page is the same for every visitor, and so is its cache entry.
 */
@Injectable()
export class PublicApi {
  constructor(private readonly host: HttpAdapterHost) {}

  async get<T>(url: string): Promise<PublicAnswer<T>> {
    const res = await this.raw(url, 'application/json');
    return { status: res.status, body: JSON.parse(res.body) as T };
  }

  /** The answer as sent, for a representation the portal passes on (CSV downloads). */
  async raw(url: string, accept: string): Promise<{ status: number; contentType: string; body: string; retryAfter?: string }> {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    const res = await fastify.inject({ method: 'GET', url, headers: { accept } });
    const retryAfter = res.headers['retry-after'];
    return {
      status: res.statusCode,
      contentType: String(res.headers['content-type'] ?? ''),
      body: res.body,
      ...(retryAfter === undefined ? {} : { retryAfter: String(retryAfter) }),
    };
  }

  /** The body of a 200, or the problem that stopped it. */
  async read<T>(url: string): Promise<{ ok: true; value: T } | Refusal> {
    const res = await this.raw(url, 'application/json');
    const body = JSON.parse(res.body) as T | Problem;
    if (res.status === 200) return { ok: true, value: body as T };
    return { ok: false, status: res.status, problem: body as Problem, headers: res.retryAfter ? { 'Retry-After': res.retryAfter } : {} };
  }
}
