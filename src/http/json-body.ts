import { ProblemException } from './problem';

/**
 * Request bodies are parsed here, before anything else sees them (validation, the idempotency hash,
 * canonical JSON). Everything a body may not hold is refused at parse time with 400 VALIDATION_FAILED
 * and the path of the offending value, so no later step can fail on it with a 500:
 * - nesting deeper than MAX_JSON_DEPTH (no command has more than 3 levels; deeply nested input made
 *   class-transformer and the canonicaliser recurse until the stack ran out);
 * - numbers JSON can write but not hold (1e400 parses to Infinity, which has no canonical form);
 * - strings or keys with an unpaired UTF-16 surrogate ("\ud800"): I-JSON (RFC 7493), on which RFC 8785
 *   canonical JSON builds, forbids them, so such a string could never be hashed into a leaf;
 * - `__proto__` and `constructor.prototype` keys (prototype poisoning), as Fastify's parser refused them.
 */
export const MAX_JSON_DEPTH = 32;

type Issue = { path: string; message: string };

const refuse = (issue: Issue): ProblemException =>
  new ProblemException(400, 'VALIDATION_FAILED', `${issue.path || 'body'}: ${issue.message}`, [issue]);

/** Depth of the deepest array or object in JSON text, counted without parsing (so without recursion). */
function nestingDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const pathOf = (base: string, key: string | number): string =>
  typeof key === 'number'
    ? `${base}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? base
        ? `${base}.${key}`
        : key
      : `${base}[${JSON.stringify(key)}]`;

/** The first value a ledger could not keep, walking a parsed body (its depth is already bounded). */
function firstUnkeepable(value: unknown, path: string): Issue | null {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? null : { path, message: 'is a number too large to represent (not finite)' };
    case 'string':
      return value.isWellFormed() ? null : { path, message: 'holds an unpaired UTF-16 surrogate, which is not valid Unicode text' };
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const issue = firstUnkeepable(value[i], pathOf(path, i));
          if (issue) return issue;
        }
        return null;
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!key.isWellFormed()) return { path, message: 'has a key with an unpaired UTF-16 surrogate, which is not valid Unicode text' };
        if (key === '__proto__') return { path: pathOf(path, key), message: 'is not an allowed key' };
        if (
          key === 'constructor' &&
          record[key] !== null &&
          typeof record[key] === 'object' &&
          Object.prototype.hasOwnProperty.call(record[key], 'prototype')
        ) {
          return { path: pathOf(path, key), message: 'is not an allowed key' };
        }
        const issue = firstUnkeepable(record[key], pathOf(path, key));
        if (issue) return issue;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Parses a JSON request body, or throws a 400 VALIDATION_FAILED problem that says what is wrong and where. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw refuse({ path: '', message: 'the body is empty; send a JSON object' });
  if (nestingDepthExceeds(text, MAX_JSON_DEPTH)) throw refuse({ path: '', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refuse({ path: '', message: `is not valid JSON: ${(error as Error).message}` });
  }
  const issue = firstUnkeepable(value, '');
  if (issue) throw refuse(issue);
  return value;
}
