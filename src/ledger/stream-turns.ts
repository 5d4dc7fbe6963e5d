import type { LedgerEntry } from './event-store.port';

/** One command's turn on a stream (CommandPlan.serializeOn). */
export interface Turn {
  /** The entries of the stream committed in earlier turns and not yet durable; take it before reading the stream. */
  pending(): readonly LedgerEntry[];
  /** Ends the turn once this command's commit is handed to the store; its entries are pending until it settles. */
  committing(entries: readonly LedgerEntry[], commit: Promise<unknown>): void;
  /** Ends the turn without a commit (refused, replayed, failed). Does nothing after committing. */
  release(): void;
}

interface Line {
  tail: Promise<void>;
  pending: readonly LedgerEntry[];
  holders: number;
}

/**
 * Commands of one process take turns on a stream they all read and append (a region-year's budget: issue 18),
 * instead of racing, all but one of each round losing their append and reading the stream again. A turn ends
 * when the command hands its commit to the store, not when it is durable: the next one decides on the stream as
 * read followed by the entries still on their way to disk, and expects the version after them, so consecutive
 * turns share a group commit (one fsync). Nothing is acknowledged before it is durable; if a commit fails, those
 * decided on top of it conflict on its version and are decided again, on what is really there.
 */
export class StreamTurns {
  private readonly lines = new Map<string, Line>();

  async take(streamId: string): Promise<Turn> {
    const line = this.lines.get(streamId) ?? { tail: Promise.resolve(), pending: [], holders: 0 };
    this.lines.set(streamId, line);
    line.holders++;
    const before = line.tail;
    let pass!: () => void;
    line.tail = new Promise((resolve) => (pass = resolve));
    await before;
    let ended = false;
    const leave = (): void => {
      if (--line.holders === 0) this.lines.delete(streamId);
    };
    return {
      pending: () => line.pending,
      committing: (entries, commit) => {
        if (ended) return;
        ended = true;
        line.pending = [...line.pending, ...entries];
        pass();
        const settled = (): void => {
          line.pending = line.pending.filter((e) => !entries.includes(e));
          leave();
        };
        commit.then(settled, settled);
      },
      release: () => {
        if (ended) return;
        ended = true;
        pass();
        leave();
      },
    };
  }
}

/**
 * The stream as read, followed by the pending entries that continue it without a gap. Entries the read already
 * holds (durable meanwhile) are not repeated; pending entries that do not continue it are left out, and the
 * commit's expected version then tells whether the read was stale.
 */
export function withPending(read: readonly LedgerEntry[], pending: readonly LedgerEntry[]): LedgerEntry[] {
  let version = read.length === 0 ? 0 : read[read.length - 1].streamVersion;
  const entries = [...read];
  for (const e of pending) {
    if (e.streamVersion <= version) continue;
    if (e.streamVersion !== version + 1) break;
    entries.push(e);
    version++;
  }
  return entries;
}
