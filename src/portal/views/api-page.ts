import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** A portal page in the OpenAPI document: an HTML answer (zh-CN), rendered on the server. */
export const ApiPage = (description: string): MethodDecorator =>
  applyDecorators(ApiProduces('text/html'), ApiOkResponse({ description, content: { 'text/html': { schema: { type: 'string' } } } }));

/** A portal download: the file as the public API's list answers it with `Accept: text/csv`. */
export const ApiCsvDownload = (description: string): MethodDecorator =>
  applyDecorators(ApiProduces('text/csv'), ApiOkResponse({ description, content: { 'text/csv': { schema: { type: 'string' } } } }));
