import type { ResponseObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

/** Shorthands for the JSON Schema and responses the document adds, so the tables read like API.md. */

export const date = (description?: string): SchemaObject => ({ type: 'string', format: 'date', ...(description ? { description } : {}) });
export const instant = (description?: string): SchemaObject => ({
  type: 'string',
  format: 'date-time',
  ...(description ? { description } : {}),
});
export const fen = (description?: string): SchemaObject => ({
  type: 'integer',
  minimum: 0,
  description: `fen (CNY minor units)${description ? `; ${description}` : ''}`,
});
export const position: SchemaObject = { type: 'integer', minimum: 1, description: 'ledger position' };
export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
export const object = (
  properties: Record<string, SchemaObject | ReferenceObject>,
  required: string[] = Object.keys(properties),
): SchemaObject => ({ type: 'object', required, properties });
export const array = (items: SchemaObject | ReferenceObject): SchemaObject => ({ type: 'array', items });
export const page = (items: SchemaObject | ReferenceObject, cursor: string): SchemaObject =>
  object({ items: array(items), nextCursor: { type: 'string', description: cursor } });

export const json = (schema: SchemaObject | ReferenceObject, description: string): ResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});
export const text = (description: string, example?: string): ResponseObject => ({
  description,
  content: { 'text/plain': { schema: { type: 'string', ...(example ? { example } : {}) } } },
});
