import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { ApiPage } from './api-page';

/** What a page of one item takes besides its path: the read-your-writes wait of the route it reads. */
export const ITEM_PAGE_PARAMETERS = ['minPosition'] as const;

/**
 * A page of one item in the OpenAPI document: its HTML answer; its refusals (400 a malformed key or an unknown
 * parameter, 404 nothing disclosed under it, 503 a ?minPosition wait that timed out) are added with the others,
 * as a page for a browser and as the problem for other clients (src/http/openapi/refusals.ts withPageRefusals).
 */
export const ApiItemPage = (description: string): MethodDecorator =>
  applyDecorators(ApiQuery({ name: 'minPosition', required: false }), ApiPage(description));
