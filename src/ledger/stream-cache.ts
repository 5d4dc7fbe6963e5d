import type { LedgerEntry } from './event-store.port';

/** Folds of a stream's first `count` entries, by the evolve function of the decider that made each. */
export type FoldMemo = Map<unknown, { readonly state: unknown; readonly count: number }>;

/** What a fold reads of an entry (fold.ts eventOf), and the version the runner guards the commit with. */
export type FoldedEntry = Pick<LedgerEntry, 'position' | 'streamId' | 'streamVersion' | 'type' | 'schemaVersion' | 'data'>;

export interface CachedStream {
  /** Every durable entry of the stream, oldest first, as folds read them (no private part). */
  readonly entries: readonly FoldedEntry[];
  readonly folds: FoldMemo;
}

/** Entries kept over all streams: a few hundred bytes each, so some tens of MiB at most. */
export const STREAM_CACHE_MAX_ENTRIES = 100_000;

/**
 * Streams commands read only through folds (CommandPlan.serializeOn: a region-year's budget; foldOnly: a
 * contract's), kept in memory so that the next read fetches only the entries appended since, and a fold resumes
 * from where the last one stopped (stateOf). Issue 18: each registration read and folded its region-year's whole
 * budget stream and each payment its contract's, so commands slowed as the streams grew. Entries never change once
 * durable, so a cached prefix stays true; what another process appends arrives with the next read. Kept without
 * private parts: personal data must not outlive its erasure here, and these folds read public data only. Bounded
 * by entries over all streams: those read longest ago are dropped first.
 */
export class StreamCache {
  private readonly streams = new Map<string, CachedStream>();
  private kept = 0;

  constructor(
    private readonly readStream: (streamId: string, fromVersion: number) => Promise<LedgerEntry[]>,
    private readonly maxEntries = STREAM_CACHE_MAX_ENTRIES,
  ) {}

  async read(streamId: string): Promise<CachedStream> {
    const cached = this.streams.get(streamId);
    const known = cached?.entries.length ?? 0;
    const fresh = (await this.readStream(streamId, known + 1)).map(folded);
    if (fresh.length > 0 && fresh[0].streamVersion !== known + 1) {
      // Not a continuation of what is cached (a store that ignores fromVersion): read it whole, keep nothing.
      this.drop(streamId);
      return { entries: (await this.readStream(streamId, 1)).map(folded), folds: new Map() };
    }
    const entries = fresh.length === 0 && cached ? cached.entries : [...(cached?.entries ?? []), ...fresh];
    // Another read extended the cache meanwhile: answer this one, keep that one.
    if (this.streams.get(streamId) !== cached) return { entries, folds: new Map() };
    const next = { entries, folds: cached?.folds ?? new Map() };
    this.drop(streamId);
    if (entries.length > this.maxEntries) return next;
    this.streams.set(streamId, next);
    this.kept += entries.length;
    for (const [oldest, dropped] of this.streams) {
      if (this.kept <= this.maxEntries) break;
      this.streams.delete(oldest);
      this.kept -= dropped.entries.length;
    }
    return next;
  }

  /** Streams kept, and their entries in total. */
  size(): { streams: number; entries: number } {
    return { streams: this.streams.size, entries: this.kept };
  }

  private drop(streamId: string): void {
    const before = this.streams.get(streamId);
    if (before === undefined) return;
    this.streams.delete(streamId);
    this.kept -= before.entries.length;
  }
}

function folded(e: LedgerEntry): FoldedEntry {
  return {
    position: e.position,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
  };
}
