import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { ProblemException } from './problem';

/** The `after` and `limit` query parameters of a keyset-paged read, documented once (parseLimit's bounds). */
export const ApiKeysetPage = (afterDescription: string): MethodDecorator =>
  applyDecorators(
    ApiQuery({ name: 'after', required: false, description: afterDescription, schema: { type: 'string' } }),
    ApiQuery({
      name: 'limit',
      required: false,
      allowEmptyValue: true,
      description: 'page size, 1 to 1000 (default 100; empty: the default)',
      schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    }),
  );

/**
 * Opaque cursors for keyset pagination (`after=` / `nextCursor`): a ledger position, wrapped so
 * clients do not build them. A position is also accepted as is, as API.md's `after=position` says.
 */
export function encodeCursor(position: number): string {
  return Buffer.from(`p:${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: unknown, name = 'after'): number {
  if (value === undefined || value === '') return 0;
  if (typeof value === 'string') {
    if (/^\d{1,15}$/.test(value)) return Number(value);
    const decoded = Buffer.from(value, 'base64url').toString('utf8');
    const m = /^p:(\d{1,15})$/.exec(decoded);
    if (m && encodeCursor(Number(m[1])) === value) return Number(m[1]);
  }
  throw new ProblemException(400, 'VALIDATION_FAILED', `${name} is not a cursor this service issued`, [
    { path: `query.${name}`, message: 'must be a cursor from nextCursor or a ledger position' },
  ]);
}

export function parseLimit(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'string' && /^\d{1,6}$/.test(value) && Number(value) >= 1 && Number(value) <= max) return Number(value);
  throw new ProblemException(400, 'VALIDATION_FAILED', `limit must be a whole number from 1 to ${max}`, [
    { path: 'query.limit', message: `must be 1 to ${max}` },
  ]);
}

/** A cursor over keys ordered by two positions (e.g. OCDS releases: published by, reported entry). */
export function encodePairCursor(first: number, second: number): string {
  return Buffer.from(`r:${first}:${second}`, 'utf8').toString('base64url');
}

export function decodePairCursor(value: unknown, name = 'after'): readonly [number, number] | null {
  if (value === undefined || value === '') return null;
  if (typeof value === 'string') {
    const m = /^r:(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
    if (m && encodePairCursor(Number(m[1]), Number(m[2])) === value) return [Number(m[1]), Number(m[2])];
  }
  throw new ProblemException(400, 'VALIDATION_FAILED', `${name} is not a cursor this service issued`, [
    { path: `query.${name}`, message: 'must be a cursor from links.next' },
  ]);
}

/**
 * A cursor over keys ordered by (publishing entry, reported entry), as the credit feed pages: a pair
 * cursor, or a position (cursor or number, as earlier pages gave) read as "everything published up
 * to that entry".
 */
export function decodePublishedCursor(value: unknown, name = 'after'): readonly [number, number] {
  if (typeof value === 'string' && Buffer.from(value, 'base64url').toString('utf8').startsWith('r:')) {
    const pair = decodePairCursor(value, name);
    if (pair !== null) return pair;
  }
  const position = decodeCursor(value, name);
  return [position, position];
}
