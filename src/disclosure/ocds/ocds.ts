import type { AppConfig } from '../../config/config';
import { OCDS_EXTENSIONS, releaseId, type OcdsReleaseRow } from '../../../projections/ocds_releases/ocds_releases.projection';

/**
 * OCDS 1.1 packages of the public releases (issue 6): the parts that depend on the deployment
 * (ocid prefix, publisher, package URI) are added here, to rows the `ocds_releases` read model holds.
 */

export interface OcdsSettings {
  readonly ocidPrefix: string;
  readonly publisher: string;
}

/** The settings of a deployment's OCDS packages (LEDGER_OCID_PREFIX, LEDGER_OCDS_PUBLISHER). */
export const ocdsSettings = (config: Pick<AppConfig, 'ocidPrefix' | 'ocdsPublisher'>): OcdsSettings => ({
  ocidPrefix: config.ocidPrefix,
  publisher: config.ocdsPublisher,
});

export type Release = { readonly ocid: string; readonly id: string; readonly date: string; readonly tag: readonly string[] } & {
  readonly [field: string]: unknown;
};

export const ocidOf = (settings: OcdsSettings, projectId: string): string => `${settings.ocidPrefix}-${projectId}`;

/** The project an ocid names, or null if it is not one of this publisher's. */
export function projectIdOf(settings: OcdsSettings, ocid: string): string | null {
  const prefix = `${settings.ocidPrefix}-`;
  return ocid.startsWith(prefix) && ocid.length > prefix.length ? ocid.slice(prefix.length) : null;
}

export function toRelease(settings: OcdsSettings, row: OcdsReleaseRow): Release {
  return {
    ocid: ocidOf(settings, row.projectId),
    id: releaseId(row.position),
    date: row.date,
    tag: [...row.tag],
    initiationType: 'tender',
    language: 'zh',
    ...row.body,
  };
}

/** Oldest first, as records list them and the merge reads them; entries recorded together keep ledger order. */
export function byDate(a: OcdsReleaseRow, b: OcdsReleaseRow): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.position - b.position;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasId = (v: unknown): v is JsonObject & { id: string | number } =>
  isObject(v) && (typeof v.id === 'string' || typeof v.id === 'number');

/**
 * OCDS merge (https://standard.open-contracting.org/1.1/en/schema/merging/): a later value
 * replaces an earlier one, null removes it, objects merge field by field, and an array whose items
 * all have an `id` merges item by item on that id (new ids are appended); any other array is
 * replaced as a whole.
 */
function merge(into: Json | undefined, value: Json): Json | undefined {
  if (value === null) return undefined;
  if (isObject(value)) {
    const out: JsonObject = isObject(into) ? { ...into } : {};
    for (const [k, v] of Object.entries(value)) {
      const merged = merge(Object.hasOwn(out, k) ? out[k] : undefined, v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(value) && value.length > 0 && value.every(hasId) && Array.isArray(into) && into.every(hasId)) {
    const out = [...into] as (JsonObject & { id: string | number })[];
    for (const item of value) {
      const at = out.findIndex((x) => String(x.id) === String(item.id));
      if (at < 0) out.push(merge(undefined, item) as JsonObject & { id: string | number });
      else out[at] = merge(out[at], item) as JsonObject & { id: string | number };
    }
    return out;
  }
  if (Array.isArray(value) && value.every(hasId)) return value.map((item) => merge(undefined, item) as Json);
  return value;
}

/** The compiled release of a record: its releases merged oldest first, without their id, date and tag. */
export function compileRelease(releases: readonly Release[]): Release {
  if (releases.length === 0) throw new Error('a record has at least one release');
  const sorted = [...releases].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let compiled: JsonObject = {};
  for (const { id: _id, date: _date, tag: _tag, ...rest } of sorted) compiled = merge(compiled, rest as Json) as JsonObject;
  const last = sorted[sorted.length - 1];
  return { ...compiled, ocid: last.ocid, id: `${last.ocid}-compiled`, date: last.date, tag: ['compiled'] };
}

interface PackageMeta {
  readonly uri: string;
  readonly publishedDate: string;
}

const common = (settings: OcdsSettings, meta: PackageMeta): object => ({
  uri: meta.uri,
  version: '1.1',
  extensions: [...OCDS_EXTENSIONS],
  publishedDate: meta.publishedDate,
  publisher: { name: settings.publisher },
});

export function releasePackage(settings: OcdsSettings, meta: PackageMeta, releases: readonly Release[], links?: { next: string }): object {
  return { ...common(settings, meta), releases, ...(links ? { links } : {}) };
}

/** One record per ocid: every release embedded, oldest first, and the compiled release. */
export function recordPackage(settings: OcdsSettings, meta: PackageMeta, rows: readonly OcdsReleaseRow[]): object {
  const releases = [...rows].sort(byDate).map((r) => toRelease(settings, r));
  return { ...common(settings, meta), records: [{ ocid: releases[0].ocid, releases, compiledRelease: compileRelease(releases) }] };
}

/** Packages are dated by their newest release: the same releases give the same package. */
export const newestDate = (releases: readonly { date: string }[]): string =>
  releases.reduce((d, r) => (r.date > d ? r.date : d), releases[0].date);
