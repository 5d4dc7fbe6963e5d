import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { unknownParameters } from '../../disclosure/queries/query-parameters';
import type { Problem } from '../public-api';
import { ApiPage } from './api-page';

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

const HTML = { content: { 'text/html': { schema: { type: 'string' } } } } as const;

/**
 * A page of one item in the OpenAPI document: its HTML answer, and its refusals as the pages they are (text/html,
 * not problem+json): 400 with the reasons, 404 in plain words, 503 while the read model cannot answer yet.
 */
export const ApiItemPage = (description: string, item: string, key: string): MethodDecorator =>
  applyDecorators(
    ApiQuery({ name: 'minPosition', required: false }),
    ApiPage(description),
    ApiResponse({ status: 400, description: `a malformed ${key} or an unknown query parameter: a page with the reasons`, ...HTML }),
    ApiResponse({ status: 404, description: `no ${item} of that ${key} is disclosed: a page that says so`, ...HTML }),
    ApiResponse({
      status: 503,
      description: 'a ?minPosition wait that timed out, or a read model being rebuilt: a page asking to retry',
      ...HTML,
    }),
  );
