/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * The leaf hash of every ledger entry is computed over this form, so anyone with
 * an RFC 8785 implementation in any language can recompute it. ECMAScript's own
 * number and string serialisation is what RFC 8785 specifies (§3.2.2), so
 * JSON.stringify is used for primitives; only key order and input checks are ours.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export class CanonicalizationError extends Error {}

export function canonicalize(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${path}: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'string':
      // I-JSON (RFC 7493) forbids lone surrogates; RFC 8785 builds on I-JSON.
      if (LONE_SURROGATE.test(value)) throw new CanonicalizationError(`${path}: string holds a lone surrogate`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => {
          if (item === undefined) throw new CanonicalizationError(`${path}[${i}]: undefined is not JSON`);
          return serialize(item, `${path}[${i}]`);
        }).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalizationError(`${path}: ${proto?.constructor?.name ?? 'object'} is not a plain JSON object`);
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
      return `{${keys.map((k) => `${serialize(k, path)}:${serialize(record[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new CanonicalizationError(`${path}: ${typeof value} is not JSON`);
  }
}
