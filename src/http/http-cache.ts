import { SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from './auth';

const CACHING_KEY = 'ledger:caching';

/**
 * How long a public read may be reused (RFC 9111), by what it answers. Every public answer also
 * carries an ETag, so a reuse past its max-age costs a 304, not the body.
 */
export const PUBLIC_CACHE_CONTROL = {
  /** Fixed for ever by the append-only ledger: a proof between tree sizes the caller names. */
  immutable: 'public, max-age=31536000, immutable',
  /** Fixed for the life of the signing key: the checkpoint verifier key. */
  stable: 'public, max-age=86400',
  /** Changes as the ledger grows (lists, views, the latest checkpoint): a few seconds, then revalidated. */
  fresh: 'public, max-age=5',
} as const;

/** What a keyed read (or a public one asked with a key, whose answer may depend on it) may be: never stored by anyone. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/** A public route's caching: one of PUBLIC_CACHE_CONTROL, or `live` (health, metrics: never reused, not for other origins). */
export type PublicCaching = keyof typeof PUBLIC_CACHE_CONTROL | 'live';
/** Keyed routes are `private`; public routes are `fresh` unless @CacheFor says otherwise. */
export type Caching = PublicCaching | 'private';

/** How long a public route's answer may be reused; the default is `fresh`. */
export const CacheFor = (caching: PublicCaching): MethodDecorator & ClassDecorator => SetMetadata(CACHING_KEY, caching);

/** Answers whose caching differs from their route's (cacheAnswerFor), by reply. */
const ANSWER_CACHING = new WeakMap<FastifyReply, keyof typeof PUBLIC_CACHE_CONTROL>();

/**
 * How long this one answer of a public route may be reused, where answers of one route differ: a
 * full tlog tile is fixed for ever, a partial one of the same route is not worth keeping as long.
 * The rest (a key sent, a refusal) goes as for the route.
 */
export function cacheAnswerFor(reply: FastifyReply, caching: keyof typeof PUBLIC_CACHE_CONTROL): void {
  ANSWER_CACHING.set(reply, caching);
}

export function cachingOf(reflector: Reflector, targets: Parameters<Reflector['getAllAndOverride']>[1], access: Access): Caching {
  return access.public ? (reflector.getAllAndOverride<PublicCaching | undefined>(CACHING_KEY, targets) ?? 'fresh') : 'private';
}

/** One route as Fastify knows it (`/v1/disclosure/projects/:projectId`), with its caching. */
export interface CachedRoute {
  readonly method: string;
  readonly url: string;
  readonly caching: Caching;
}

/** What a script of another origin may read besides the CORS-safelisted headers (X-Next-Cursor: a CSV page's cursor). */
const EXPOSED = 'ETag, Retry-After, X-Next-Cursor';

/**
 * Caching and CORS for every route in one place (API.md Conventions: public reads send ETag and
 * Cache-Control, answer If-None-Match with 304, and allow GET from any origin).
 *
 * - Public reads: `Access-Control-Allow-Origin: *` on GET and HEAD (errors too, so a portal can read the
 *   problem), and a preflight OPTIONS answered 204. No credentials: `*` forbids cookies, and the preflight
 *   does not allow `Authorization`, so no page of another origin can send an API key.
 * - A 200 with a body gets a strong ETag (SHA-256 of the bytes sent), and `If-None-Match` that matches it
 *   is 304 without a body. A stream (CSV, SSE) is not buffered to be hashed: it goes without an ETag.
 * - Asked with `Authorization`, a public read answers `private, no-store`: an auditor's key opens
 *   proof bundles of entries that are not public, and `public` would let a shared cache store them (RFC 9111 §3.5).
 * - Keyed routes: `private, no-store` on every answer, and no CORS header (an OPTIONS stays 405).
 *
 * Call after the 405 handler (./method-not-allowed.ts) so that it lists OPTIONS in `Allow` where it is served.
 */
export function serveCachingAndCors(fastify: FastifyInstance, routes: readonly CachedRoute[]): void {
  const byRoute = new Map(routes.map((r) => [`${r.method} ${r.url}`, r.caching]));
  const cors = routes.filter((r) => r.method === 'GET' && r.caching !== 'private' && r.caching !== 'live');
  for (const url of new Set(cors.map((r) => r.url))) fastify.options(url, preflight);
  fastify.addHook('onSend', (req, reply, payload, done) => {
    const route = req.routeOptions.url;
    const caching = route === undefined ? undefined : byRoute.get(`${req.method === 'HEAD' ? 'GET' : req.method} ${route}`);
    if (caching === undefined) return done(null, payload);
    if (caching === 'private' || caching === 'live') {
      reply.header('Cache-Control', caching === 'private' ? PRIVATE_CACHE_CONTROL : 'no-store');
      return done(null, payload);
    }
    reply.header('Access-Control-Allow-Origin', '*').header('Access-Control-Expose-Headers', EXPOSED);
    done(null, publicAnswer(req, reply, payload, ANSWER_CACHING.get(reply) ?? caching));
  });
}

/** undefined: the payload unchanged (Fastify's onSend convention). */
function publicAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown, caching: keyof typeof PUBLIC_CACHE_CONTROL): unknown {
  if (req.headers.authorization !== undefined) return void reply.header('Cache-Control', PRIVATE_CACHE_CONTROL);
  // A refusal (a 404 of what is not disclosed yet, a 503 freshness timeout) is not worth keeping.
  if (reply.statusCode < 200 || reply.statusCode > 299) return void reply.header('Cache-Control', 'no-store');
  reply.header('Cache-Control', PUBLIC_CACHE_CONTROL[caching]);
  // A list may also answer CSV (Accept: text/csv): a cache keeps each representation apart.
  const vary = reply.getHeader('vary');
  if (typeof vary !== 'string' || !/(^|,)\s*accept\s*(,|$)/i.test(vary))
    reply.header('Vary', typeof vary === 'string' ? `${vary}, Accept` : 'Accept');
  if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return undefined;
  const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 32)}"`;
  reply.header('ETag', etag);
  if (!matches(req.headers['if-none-match'], etag)) return undefined;
  reply.code(304).removeHeader('content-type');
  // HEAD: Fastify's own HEAD hook runs after this one and needs the body to state its length (RFC 9110 §8.6), then drops it.
  return req.method === 'HEAD' ? undefined : null;
}

/** If-None-Match (RFC 9110 §13.1.2): `*` or a list of tags, compared weakly. */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The CORS preflight of a public read (Fetch standard, CORS protocol): GET and HEAD, with the headers a reader sends. */
function preflight(req: FastifyRequest, reply: FastifyReply): void {
  // As Nest does for GET: an empty path parameter is no resource.
  if (Object.values(req.params as Record<string, string>).some((v) => v === '')) return void reply.callNotFound();
  void reply
    .code(204)
    .headers({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD',
      'Access-Control-Allow-Headers': 'Accept, If-None-Match',
      'Access-Control-Max-Age': '86400',
      Allow: 'GET, HEAD, OPTIONS',
    })
    .send();
}
