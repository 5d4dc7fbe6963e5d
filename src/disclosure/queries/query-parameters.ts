import { ProblemException } from '../../http/problem';

/** The reason given for a query parameter a route does not take: the wording of the project list (project-list.query.ts). */
export const notAParameter = (allowed: readonly string[]): string => `is not a parameter of this route (it takes ${allowed.join(', ')})`;

/** The names of the query that are not among `allowed`, each as a problem's reason. */
export function unknownParameters(
  query: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
): { path: string; message: string }[] {
  return Object.keys(query)
    .filter((name) => !allowed.includes(name))
    .map((name) => ({ path: `query.${name}`, message: notAParameter(allowed) }));
}

/**
 * Refuses a query parameter the route does not take (400 VALIDATION_FAILED naming each), rather than ignore it:
 * a misspelt one would otherwise answer as if it had not been asked.
 */
export function refuseUnknownParameters(query: Readonly<Record<string, unknown>>, allowed: readonly string[]): void {
  const problems = unknownParameters(query, allowed);
  if (problems.length === 0) return;
  throw new ProblemException(400, 'VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}
