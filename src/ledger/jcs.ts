/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * The leaf hash of every ledger entry is computed over this form, so anyone with
 * an RFC 8785 implementation in any language can recompute it. ECMAScript's own
 * number and string serialisation is what RFC 8785 specifies (§3.2.2), so
 * JSON.stringify is used for primitives; only key order and input checks are ours.
 * It runs several times per append, so it avoids per-key allocations.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class CanonicalizationError extends Error {}

/**
 * A value already in canonical form. Embedding it in a larger value skips serialising
 * it again (an entry's data is canonicalised once, then reused for its leaf hash and
 * its content fingerprint). Only `canonical()` makes one, so the text is always JCS.
 */
export class CanonicalJson {
  private constructor(readonly text: string) {}
  /** @internal */
  static of(text: string): CanonicalJson {
    return new CanonicalJson(text);
  }
}

export function canonical(value: unknown): CanonicalJson {
  return CanonicalJson.of(canonicalize(value));
}

export function canonicalize(value: unknown): string {
  const path: (string | number)[] = [];
  try {
    return serialize(value, path);
  } catch (error) {
    if (error instanceof CanonicalizationError) {
      throw new CanonicalizationError(`$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Object keys recur in every append (an event schema's field names, the envelope's), so each is checked and quoted once
 * and remembered: up to QUOTED_KEYS short keys, so that keys a payload invents (ids as keys) cannot grow it without bound.
 */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS = 4096;
const QUOTED_KEY_LENGTH = 64;

function quotedKey(k: string): string {
  let quoted = quotedKeys.get(k);
  if (quoted === undefined) {
    if (!k.isWellFormed()) throw new CanonicalizationError('key holds a lone surrogate');
    quoted = JSON.stringify(k);
    if (k.length <= QUOTED_KEY_LENGTH && quotedKeys.size < QUOTED_KEYS) quotedKeys.set(k, quoted);
  }
  return quoted;
}

/**
 * An object's keys in UTF-16 code unit order, as RFC 8785 §3.2.3 requires: the order of both `<` on strings and the
 * default sort. Objects of up to INSERTION_SORTED_KEYS keys (every envelope, metadata and most payloads) are sorted
 * in place by insertion: Array.prototype.sort allocates its own work space, about 300 bytes a call, several an append.
 */
const INSERTION_SORTED_KEYS = 16;

function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > INSERTION_SORTED_KEYS) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
  return keys;
}

function serialize(value: unknown, path: (string | number)[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'string':
      // I-JSON (RFC 7493), which RFC 8785 builds on, forbids lone surrogates.
      if (!value.isWellFormed()) throw new CanonicalizationError('string holds a lone surrogate');
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof CanonicalJson) return value.text;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          if (value[i] === undefined) throw new CanonicalizationError('undefined is not JSON');
          out += (i === 0 ? '' : ',') + serialize(value[i], path);
          path.pop();
        }
        return out + ']';
      }
      // A plain object's prototype is Object.prototype (of whichever realm parsed it) or null.
      const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
      if (proto !== null && Object.getPrototypeOf(proto) !== null) {
        throw new CanonicalizationError(`${proto.constructor?.name ?? 'object'} is not a plain JSON object`);
      }
      const record = value as Record<string, unknown>;
      const keys = sortedKeys(record);
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue; // as JSON.stringify: an absent optional field
        path.push(k);
        out += (first ? '' : ',') + quotedKey(k) + ':' + serialize(v, path);
        path.pop();
        first = false;
      }
      return out + '}';
    }
    default:
      throw new CanonicalizationError(`${typeof value} is not JSON`);
  }
}
