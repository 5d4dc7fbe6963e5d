import type { FastifyRequest } from 'fastify';
import { unknownParameters } from '../../disclosure/queries/query-parameters';
import type { Problem } from '../public-api';

/** What a page of one item takes besides its path: the read-your-writes wait of the route it reads. */
export const ITEM_PAGE_PARAMETERS = ['minPosition'] as const;

/**
 * The refusal of a query parameter the page does not take, as the API words it (400 VALIDATION_FAILED naming each):
 * a page must not ignore what it was asked, nor serve the same page under endless addresses. Null when all are known.
 */
export function refusedQuery(req: FastifyRequest): Problem | null {
  const errors = unknownParameters(req.query as Record<string, unknown>, ITEM_PAGE_PARAMETERS);
  if (errors.length === 0) return null;
  return { code: 'VALIDATION_FAILED', detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors };
}
