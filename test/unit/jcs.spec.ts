import { describe, expect, it } from '@jest/globals';
import canonicalizeIndependent from 'canonicalize';
import fc from 'fast-check';
import { canonical, canonicalize, CanonicalizationError } from '../../src/ledger/jcs';

/**
 * The ledger's RFC 8785 serialiser against an independent implementation (the `canonicalize` package) on generated JSON:
 * every leaf hash depends on the two agreeing byte for byte. Keys come from a small alphabet that makes UTF-16 order
 * differ from code point order (U+FB33 against a surrogate pair), integer-like keys (which objects list first), shared
 * prefixes, and objects past the 16 keys where the serialiser stops sorting by insertion.
 */

const keyChars = fc.constantFrom('a', 'b', 'B', '1', '9', '0', ' ', '\r', '"', '\\', '\u0080', '\u00f6', '\u20ac', '\ufb33', '😀', '中');
const key = fc.oneof(
  fc.string({ unit: keyChars, maxLength: 6 }),
  fc.nat({ max: 20 }).map(String),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
/** JSON as the ledger stores it: no -0 (JSON.parse gives it, JCS writes it as 0, and so does the reference). */
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.integer(),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 24, noNullPrototype: false }),
  ),
})).value;

describe('canonicalize (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units: the example of RFC 8785 §3.2.3', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('sorts integer-like keys as strings, past the insertion-sorted size too', () => {
    const small = { 10: 'a', 9: 'b', 1: 'c', a: 'd' };
    expect(canonicalize(small)).toBe('{"1":"c","10":"a","9":"b","a":"d"}');
    const large = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(39 - i), i]));
    const keys = Object.keys(JSON.parse(canonicalize(large)) as object);
    expect(canonicalize(large)).toBe(canonicalizeIndependent(large));
    expect(canonicalize(large).startsWith('{"0":39,"1":38,"10":29,')).toBe(true);
    expect(keys).toHaveLength(40);
  });

  it('agrees with an independent implementation on generated JSON', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalize(value)).toBe(canonicalizeIndependent(value));
      }),
      { numRuns: 3000, seed: 18 },
    );
  });

  it('agrees when a part was canonicalised before (how an envelope embeds data and metadata)', () => {
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 20 }), json, (outer, inner) => {
        const embedded = { ...outer, inner: canonical(inner) };
        expect(canonicalize(embedded)).toBe(canonicalizeIndependent({ ...outer, inner }));
      }),
      { numRuns: 1000, seed: 18 },
    );
  });

  it('refuses a lone surrogate in a key, every time, and names where it is', () => {
    expect(canonicalize({ ok: 1 })).toBe('{"ok":1}');
    for (let i = 0; i < 2; i++)
      expect(() => canonicalize({ a: { ['x\ud800']: 1 } })).toThrow(new CanonicalizationError('$.a.x\ud800: key holds a lone surrogate'));
    expect(() => canonicalize({ b: '\udc00' })).toThrow(CanonicalizationError);
  });
});
