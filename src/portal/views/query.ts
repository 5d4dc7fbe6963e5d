import type { FastifyRequest as Request } from 'fastify';
import type { Problem } from '../public-api';

/** One reason a query is refused, in the API's shape (`errors[]` of a problem). */
export type Reason = { path: string; message: string };

/** The query string of a request, `?` included, exactly as sent: the portal passes it to the API unchanged. */
export const queryStringOf = (req: Request): string => {
  const i = req.url.indexOf('?');
  return i < 0 ? '' : req.url.slice(i);
};

/** The query for a form to show back; a repeated parameter (which the API refuses) shows its first value. */
export const formQuery = (req: Request): Record<string, string> =>
  Object.fromEntries(
    Object.entries(req.query as Record<string, string | string[]>).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]),
  );

/** Parameters a page does not take are refused by name, as the API refuses them: a misspelt one is not silently dropped. */
export function unknownParameters(req: Request, allowed: readonly string[]): Reason[] {
  return Object.keys(req.query as object)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({
      path: `query.${k}`,
      message: allowed.length ? `不是本页的参数（本页只接受 ${allowed.join('、')}）` : '本页不接受查询参数',
    }));
}

/** The problem of a query the portal itself refuses (400 VALIDATION_FAILED, as the API's). */
export const refused = (reasons: readonly Reason[]): Problem => ({
  code: 'VALIDATION_FAILED',
  detail: reasons.map((r) => `${r.path}: ${r.message}`).join('; '),
  errors: reasons,
});
