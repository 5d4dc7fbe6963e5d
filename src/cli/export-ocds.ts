import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { releaseKey } from '../../projections/ocds_releases/ocds_releases.projection';
import { PROJECTIONS } from '../../projections';
import type { EventStore } from '../ledger/event-store.port';
import { ProjectionRunner } from '../projection-runner/projection-runner';
import { projectionStoreFor } from '../projection-runner/projection-store.factory';
import type { ProjectionStore } from '../projection-runner/projection-store.port';
import { newestDate, OcdsSettings, releasePackage, toRelease } from '../disclosure/ocds/ocds';
import { ofKind } from '../projection-runner/rows-of-kind';
import type { ReadModelLocation } from '../config/read-model-url';

/** Releases per file. Files cut the feed at fixed counts, so a file once full never changes. */
export const RELEASES_PER_FILE = 10_000;

export const exportFileName = (index: number): string => `releases-${String(index + 1).padStart(6, '0')}.json`;

export interface ExportResult {
  readonly releases: number;
  readonly files: readonly string[];
}

/**
 * `ledger export --ocds DIR`: every public release as bulk release packages, for portals that
 * harvest files. The `ocds_releases` read model is brought up to the ledger's head first (safe
 * beside a running service: a checkpoint moves only from where its writer read it). Releases are
 * in the order they became public, so new releases only ever extend the last file.
 */
export async function exportOcds(
  store: EventStore,
  settings: OcdsSettings,
  dir: string,
  options: { baseUri?: string; perFile?: number; readModels?: ReadModelLocation } = {},
): Promise<ExportResult> {
  const perFile = options.perFile ?? RELEASES_PER_FILE;
  const rows = projectionStoreFor(store, options.readModels);
  try {
    return await exportReleases(store, rows, settings, dir, { ...options, perFile });
  } finally {
    await rows.close();
  }
}

async function exportReleases(
  store: EventStore,
  rows: ProjectionStore,
  settings: OcdsSettings,
  dir: string,
  options: { baseUri?: string; perFile: number },
): Promise<ExportResult> {
  const perFile = options.perFile;
  await new ProjectionRunner(store, rows, PROJECTIONS).catchUp('ocds_releases');
  mkdirSync(dir, { recursive: true });
  const base = options.baseUri ?? `${pathToFileURL(resolve(dir)).href}/`;
  const files: string[] = [];
  let total = 0;
  let after: string | undefined;
  for (let index = 0; ; index++) {
    const page = ofKind(
      await rows.queryRows('ocds_releases', { keyPrefix: 'release:', ...(after ? { afterKey: after } : {}), limit: perFile }),
      'release',
    );
    if (page.length === 0) break;
    const name = exportFileName(index);
    const pkg = releasePackage(
      settings,
      { uri: `${base}${name}`, publishedDate: newestDate(page) },
      page.map((r) => toRelease(settings, r)),
    );
    // Whole files only: a harvester never reads half of one.
    const file = join(dir, name);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(pkg, null, 1)}\n`);
    renameSync(`${file}.tmp`, file);
    files.push(file);
    total += page.length;
    const last = page[page.length - 1];
    after = releaseKey(last.publishedAt, last.position);
    if (page.length < perFile) break;
  }
  return { releases: total, files };
}
