import type { EventStore, LedgerEntry } from './event-store.port';

/** What a fold reads of an entry (fold.ts eventOf), and the version the runner guards the commit with. */
export type FoldedEntry = Pick<LedgerEntry, 'streamVersion' | 'type' | 'schemaVersion' | 'data'>;

/** Entries kept over all streams: about 200 bytes each (a budget reservation), so some 20 MiB at most. */
export const STREAM_CACHE_MAX_ENTRIES = 100_000;

/**
 * The durable entries of the streams commands take turns on (CommandPlan.serializeOn: a region-year's budget),
 * kept between commands so that each reads from the store only what was appended since the one before (issue 18:
 * every registration read its region-year's whole stream, rows and JSON, and the soak's commands per second fell
 * as the streams grew). Entries are immutable once durable; what another process appends arrives with the next
 * read. Kept without their private parts, which an erasure may delete: a serialized stream's fold reads public
 * data only (budget events have no private part). Bounded: the streams used longest ago are dropped first.
 */
export class StreamReadCache {
  private readonly streams = new Map<string, readonly FoldedEntry[]>();
  private entries = 0;

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly maxEntries = STREAM_CACHE_MAX_ENTRIES,
  ) {}

  /** The whole stream, oldest first. */
  async read(streamId: string): Promise<readonly FoldedEntry[]> {
    const known = this.streams.get(streamId) ?? [];
    const tail = await this.store.readStream(streamId, known.length + 1);
    // Versions are dense from 1 and a stream only grows: the tail starts right after what is kept. One that does not
    // (a store that ignores fromVersion) is not trusted to continue it: the whole stream is read again.
    const continues = tail.length === 0 || tail[0].streamVersion === known.length + 1;
    const entries = continues ? [...known, ...tail.map(folded)] : (await this.store.readStream(streamId)).map(folded);
    this.keep(streamId, entries);
    return entries;
  }

  /** Streams kept, and their entries in total. */
  size(): { streams: number; entries: number } {
    return { streams: this.streams.size, entries: this.entries };
  }

  private keep(streamId: string, entries: readonly FoldedEntry[]): void {
    const before = this.streams.get(streamId);
    // Two reads of one stream may finish out of order: the longer one holds the shorter.
    if (before !== undefined && before.length > entries.length) return;
    if (before !== undefined) {
      this.streams.delete(streamId);
      this.entries -= before.length;
    }
    if (entries.length > this.maxEntries) return;
    this.streams.set(streamId, entries);
    this.entries += entries.length;
    for (const [oldest, dropped] of this.streams) {
      if (this.entries <= this.maxEntries) break;
      this.streams.delete(oldest);
      this.entries -= dropped.length;
    }
  }
}

function folded(e: LedgerEntry): FoldedEntry {
  return { streamVersion: e.streamVersion, type: e.type, schemaVersion: e.schemaVersion, data: e.data };
}
