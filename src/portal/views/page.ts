import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { ProblemException } from '../../http/problem';
import type { Refusal } from '../public-api';

/**
 * What every page sends besides its HTML. The console holds an auditor's key in the tab, so no script
 * may run but the service's own (CSP), nothing may frame a page, and no address leaks to other sites.
 */
export const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/** Renders a page on the server (it works without JavaScript) with the given status. */
export function sendPage(res: FastifyReply, page: VNode, status = 200): string {
  void res.code(status).type('text/html; charset=utf-8').headers(PAGE_HEADERS);
  return `<!doctype html>${renderToString(page)}`;
}

/**
 * A page's refusal: a browser (Accept: text/html) gets the page with the reasons, any other client the
 * RFC 9457 problem the API gave, with its status and code (API.md: every refusal is problem+json). Throws
 * for the latter; returns for the former, so that the page is rendered with the status.
 */
export function refuseUnlessBrowser(req: FastifyRequest, res: FastifyReply, refusal: Refusal): void {
  const { status, problem, headers } = refusal;
  if ((req.headers.accept ?? '').includes('text/html')) return void res.headers(headers);
  const detail = problem.detail ?? problem.title ?? problem.code;
  throw new ProblemException(status, problem.code, detail, problem.errors ? [...problem.errors] : undefined, { ...headers });
}

/** A refused page: rendered with the refusal's status for a browser, the API's problem for any other client. */
export function sendRefusal(req: FastifyRequest, res: FastifyReply, refusal: Refusal, page: VNode): string {
  refuseUnlessBrowser(req, res, refusal);
  return sendPage(res, page, refusal.status);
}

/** A refusal the portal itself makes (a parameter its page does not take), in the API's problem shape. */
export const badRequest = (problem: Refusal['problem']): Refusal => ({ ok: false, status: 400, problem, headers: {} });
