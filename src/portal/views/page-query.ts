import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
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

/**
 * A page of one item in the OpenAPI document: its HTML answer; its refusals (400 a malformed key or an unknown
 * parameter, 404 nothing disclosed under it, 503 a ?minPosition wait that timed out) are added with the others,
 * as a page for a browser and as the problem for other clients (src/http/openapi/refusals.ts withPageRefusals).
 */
export const ApiItemPage = (description: string): MethodDecorator =>
  applyDecorators(ApiQuery({ name: 'minPosition', required: false }), ApiPage(description));
