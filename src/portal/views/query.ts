import type { FastifyRequest as Request } from 'fastify';
import { unknownParameters, type ParamProblem } from '../../http/params';
import type { Problem } from '../public-api';

/** One reason a query is refused, in the API's shape (`errors[]` of a problem). */
export type Reason = ParamProblem;

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

/** The parameters of the request a page does not take, each named as the API names them (src/http/params.ts). */
export const unknownQuery = (req: Request, allowed: readonly string[]): ParamProblem[] =>
  unknownParameters(req.query as Record<string, unknown>, allowed);

/** The refusal of parameters a page does not take, or null when it takes them all. */
export function refusedQuery(req: Request, allowed: readonly string[]): Problem | null {
  const reasons = unknownQuery(req, allowed);
  return reasons.length === 0 ? null : refused(reasons);
}

/** The problem of a query the portal itself refuses (400 VALIDATION_FAILED, as the API's). */
export const refused = (reasons: readonly Reason[]): Problem => ({
  code: 'VALIDATION_FAILED',
  detail: reasons.map((r) => `${r.path}: ${r.message}`).join('; '),
  errors: reasons,
});
