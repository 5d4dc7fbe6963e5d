import type { ProjectedEntry } from '../projection';

/**
 * Small pure helpers shared by the projections in this folder. Rows are plain JSON: no undefined
 * values (optional fields are left out), no Dates, no class instances; every fold returns new objects.
 */

/** Every row remembers the last entry that changed it: `apply` ignores an entry it has already seen. */
export interface Tracked {
  readonly lastPosition: number;
}

/**
 * Wraps a fold so that delivering an entry a second time leaves the row as it is (the runner
 * already applies each entry once; this makes a duplicate delivery harmless and visible in tests)
 * and stamps `lastPosition` on what the fold returns.
 */
export function applyOnce<Row extends Tracked>(
  fold: (row: Row | null, entry: ProjectedEntry, key: string, get: (key: string) => Row | null) => Row | null,
): (row: Row | null, entry: ProjectedEntry, key: string, get: (key: string) => Row | null) => Row | null {
  return (row, entry, key, get) => {
    if (row !== null && row.lastPosition >= entry.position) return row;
    const next = fold(row, entry, key, get);
    if (next === null || next === row) return next;
    return { ...next, lastPosition: entry.position };
  };
}

/** Distinct keys, in first-seen order, without the absent ones. */
export function keys(...candidates: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const k of candidates) if (typeof k === 'string' && !out.includes(k)) out.push(k);
  return out;
}

/** A map entry by own key only (`constructor` is a valid client id, not Object.prototype's). */
export function own<V>(map: { readonly [key: string]: V }, key: string): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A copy of the map with `key` set to `value`. */
export function put<V>(map: { readonly [key: string]: V }, key: string, value: V): { readonly [key: string]: V } {
  return { ...map, [key]: value };
}

/** Business dates `YYYY-MM-DD` compare as strings. */
export const onOrBefore = (a: string, b: string): boolean => a <= b;

/** The earlier of two dates, either possibly absent. */
export function earliest(a: string | null | undefined, b: string | null | undefined): string | null {
  if (a == null) return b ?? null;
  if (b == null) return a;
  return a <= b ? a : b;
}

/** Ledger position zero-padded to 12 digits: keys sort as positions. */
export const pad12 = (position: number): string => String(position).padStart(12, '0');
