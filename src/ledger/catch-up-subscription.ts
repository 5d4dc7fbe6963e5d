import type { LedgerEntry, Subscription } from './event-store.port';

/**
 * Tracks the highest position known to be committed and wakes waiters when it moves.
 * Adapters advance it after their own commits and on news of other processes' commits
 * (PostgreSQL NOTIFY); waiters also wake on a timer, so a missed signal costs latency,
 * never an entry.
 */
export class AppendNotifier {
  private known = 0;
  private waiters = new Set<() => void>();

  advance(position: number): void {
    if (position <= this.known) return;
    this.known = position;
    const waiting = this.waiters;
    this.waiters = new Set();
    for (const wake of waiting) wake();
  }

  /** Resolves once a position beyond `position` is known, after `timeoutMs`, or on abort. */
  waitBeyond(position: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.known > position || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * Catch-up subscription: pages through readAll from the given position, then waits for
 * news and pages again. Because every read is "entries after the last one delivered",
 * the hand-over from replay to live can neither skip nor repeat an entry. The consumer
 * pulls, so a slow consumer holds at most one page in memory.
 */
export class CatchUpSubscription implements Subscription {
  private readonly abort = new AbortController();

  constructor(
    private readonly readAll: (after: number, limit: number) => Promise<LedgerEntry[]>,
    private readonly notifier: AppendNotifier,
    private position: number,
    private readonly batchSize: number,
    private readonly pollMs: number,
  ) {}

  close(): void {
    this.abort.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LedgerEntry> {
    const signal = this.abort.signal;
    try {
      while (!signal.aborted) {
        const page = await this.readAll(this.position, this.batchSize);
        for (const entry of page) {
          if (signal.aborted) return;
          this.position = entry.position;
          yield entry;
        }
        if (page.length < this.batchSize) await this.notifier.waitBeyond(this.position, this.pollMs, signal);
      }
    } finally {
      this.abort.abort();
    }
  }
}
