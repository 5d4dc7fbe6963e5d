import type { FastifyInstance } from 'fastify';
import { ProblemException } from './problem';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A Fastify route url (`/v1/projects/:projectId`, `/docs/*`) as a regular expression over request paths. */
function pathPattern(url: string): RegExp {
  const segments = url.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s === '*' ? '.*' : escape(s)));
  return new RegExp(`^${segments.join('/')}$`);
}

/**
 * API.md "Errors" lists 405: a path the service serves, asked with a method it does not serve there,
 * answers 405 METHOD_NOT_ALLOWED_HTTP with `Allow` (RFC 9110 §15.5.6) instead of 404. Fastify routes
 * by method and path together, so the paths are collected as routes are added and looked up on a miss.
 * Call before any route is registered.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes: { pattern: RegExp; method: string }[] = [];
  fastify.addHook('onRoute', (route) => {
    const pattern = pathPattern(route.url);
    for (const method of [route.method].flat()) routes.push({ pattern, method: method.toUpperCase() });
  });
  fastify.addHook('onRequest', (req, reply, done) => {
    if (!req.is404) return done();
    const path = req.url.split('?')[0];
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    // No route for this path at all, or one for this very method (a miss for another reason): a plain 404.
    if (allowed.length === 0 || allowed.includes(req.method)) return done();
    const problem = new ProblemException(
      405,
      'METHOD_NOT_ALLOWED_HTTP',
      `${req.method} is not served on ${path}; allowed: ${allowed.join(', ')}`,
      undefined,
      { Allow: allowed.join(', ') },
    );
    void reply.code(405).headers(problem.headers).type('application/problem+json').send(JSON.stringify(problem.toBody()));
  });
}
