import type { LedgerEntry } from './event-store.port';

/** Folds of a stream's first `count` entries, by the evolve function of the decider that made each. */
export type FoldMemo = Map<unknown, { readonly state: unknown; readonly count: number }>;

export interface CachedStream {
  /** Every durable entry of the stream, oldest first, without private parts. */
  readonly entries: readonly LedgerEntry[];
  readonly folds: FoldMemo;
}

/**
 * The streams nearly every command of a kind reads (a region-year's budget: CommandPlan.serializeOn), kept in
 * memory so that the next read fetches only the entries appended since, and a fold resumes from where the last
 * one stopped (stateOf). Issue 18: each registration read and folded the whole budget stream, thousands of
 * entries in a busy region-year, so registrations slowed as the year filled. Entries never change once durable,
 * so a cached prefix stays true. Private parts are dropped: personal data must not outlive its erasure here,
 * and no budget rule reads them.
 */
export class StreamCache {
  private readonly streams = new Map<string, CachedStream>();

  constructor(
    private readonly readStream: (streamId: string, fromVersion: number) => Promise<LedgerEntry[]>,
    private readonly capacity = 8,
  ) {}

  async read(streamId: string): Promise<CachedStream> {
    const cached = this.streams.get(streamId);
    const known = cached?.entries.length ?? 0;
    const fresh = (await this.readStream(streamId, known + 1)).map(withoutPrivate);
    if (fresh.length > 0 && fresh[0].streamVersion !== known + 1) {
      // Not a continuation of what is cached (the store is not the one it came from): read it whole.
      this.streams.delete(streamId);
      return { entries: (await this.readStream(streamId, 1)).map(withoutPrivate), folds: new Map() };
    }
    const entries = fresh.length === 0 && cached ? cached.entries : [...(cached?.entries ?? []), ...fresh];
    // Another read extended the cache meanwhile: answer this one, keep that one.
    if (this.streams.get(streamId) !== cached) return { entries, folds: new Map() };
    const next = { entries, folds: cached?.folds ?? new Map() };
    this.streams.delete(streamId);
    this.streams.set(streamId, next);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
    return next;
  }
}

function withoutPrivate(entry: LedgerEntry): LedgerEntry {
  if (entry.private === undefined && entry.privateSalt === undefined) return entry;
  const { private: _p, privateSalt: _s, ...rest } = entry;
  return rest;
}
