/**
 * Independent, deliberately simple implementation of the OCDS 1.1 merge
 * routine (https://standard.open-contracting.org/1.1/en/schema/merging/),
 * used as a test oracle for compiled releases. Not for production use.
 *
 * Rules implemented:
 *  - releases are sorted by `date` ascending (stable: equal dates keep input order);
 *  - the top-level `id`, `date` and `tag` of each release are omitted when merging
 *    ("omitWhenMerged" in the release schema);
 *  - objects are merged property by property, recursively;
 *  - `null` removes the field from the compiled release;
 *  - scalars and arrays of scalars replace the previous value;
 *  - arrays of objects use "identifier merge": items are matched by `id` and merged
 *    recursively; unseen ids are appended in order of first appearance;
 *  - identifier merge REQUIRES an `id` on every item: if any item of an incoming
 *    array of objects lacks an `id`, the whole array replaces the previous value;
 *  - arrays the schema marks `wholeListMerge` (additionalIdentifiers,
 *    additionalClassifications — whose items have an `id` that is NOT a merge key)
 *    always replace as a whole.
 *
 * Inputs are never mutated: everything is deep-copied.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Arrays marked "wholeListMerge": true in the OCDS 1.1.5 release schema. */
const WHOLE_LIST_MERGE = new Set(['additionalIdentifiers', 'additionalClassifications']);

/** Top-level release fields marked "omitWhenMerged": true. */
const OMIT_WHEN_MERGED = ['id', 'date', 'tag'];

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Deep copy that also drops every null-valued field (null means "absent"). */
function withoutNulls(v: Json): Json | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => (isObject(x) ? (withoutNulls(x) as Json) : clone(x)));
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const y = withoutNulls(x);
      if (y !== undefined) out[k] = y;
    }
    return out;
  }
  return v;
}

function itemId(item: Json): string | number | undefined {
  if (!isObject(item)) return undefined;
  const id = item['id'];
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

function isIdentifierMergeable(arr: Json[]): boolean {
  return arr.length > 0 && arr.every((x) => isObject(x) && itemId(x) !== undefined);
}

/** Merges `incoming` on top of `current` (which may be undefined); returns undefined to delete. */
function mergeValue(key: string, current: Json | undefined, incoming: Json): Json | undefined {
  if (incoming === null) return undefined;
  if (isObject(incoming)) {
    return mergeObject(isObject(current) ? current : {}, incoming);
  }
  if (Array.isArray(incoming)) {
    if (WHOLE_LIST_MERGE.has(key) || !isIdentifierMergeable(incoming)) {
      return withoutNulls(incoming);
    }
    // Identifier merge. Ids are compared as strings (1 and "1" are the same item).
    const base: Json[] = Array.isArray(current) && isIdentifierMergeable(current) ? current : [];
    const result: Json[] = base.map((x) => x);
    const indexById = new Map<string, number>();
    result.forEach((x, i) => indexById.set(String(itemId(x)), i));
    for (const item of incoming) {
      const id = String(itemId(item));
      const at = indexById.get(id);
      if (at === undefined) {
        indexById.set(id, result.length);
        result.push(mergeObject({}, item as JsonObject));
      } else {
        result[at] = mergeObject(result[at] as JsonObject, item as JsonObject);
      }
    }
    return result;
  }
  return incoming; // string | number | boolean
}

function mergeObject(current: JsonObject, incoming: JsonObject): JsonObject {
  const out: JsonObject = { ...current };
  for (const [k, v] of Object.entries(incoming)) {
    const merged = mergeValue(k, out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

/**
 * Compiles a list of OCDS releases (same ocid) into a compiled release.
 * The compiled release gets `id: compiledId`, `date` = date of the latest
 * release, and `tag: ['compiled']`.
 */
// OCDS dates are strings; a release without one sorts as undated.
const dateOf = (release: JsonObject): string => (typeof release['date'] === 'string' ? release['date'] : '');

export function compileRelease(releases: readonly object[], compiledId: string): Record<string, unknown> {
  if (releases.length === 0) throw new Error('compileRelease: at least one release is required');
  const sorted = releases
    .map((r, i) => ({ r: clone(r) as JsonObject, i }))
    .sort((a, b) => {
      const da = dateOf(a.r);
      const db = dateOf(b.r);
      const ta = Date.parse(da);
      const tb = Date.parse(db);
      const cmp = !Number.isNaN(ta) && !Number.isNaN(tb) ? ta - tb : da < db ? -1 : da > db ? 1 : 0;
      return cmp !== 0 ? cmp : a.i - b.i;
    })
    .map((x) => x.r);

  let compiled: JsonObject = {};
  for (const release of sorted) {
    const body: JsonObject = { ...release };
    for (const k of OMIT_WHEN_MERGED) delete body[k];
    compiled = mergeObject(compiled, body);
  }
  const latest = sorted[sorted.length - 1];
  const out: JsonObject = { id: compiledId, date: latest['date'] ?? null, tag: ['compiled'], ...compiled };
  if (out['date'] === null) delete out['date'];
  return out;
}
