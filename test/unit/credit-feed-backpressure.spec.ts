import { Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CreditFeedRow } from '../../projections/credit_feed/credit_feed.projection';
import { CreditFeedController } from '../../src/credit/queries/credit-feed.http.controller';
import type { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import type { ProjectionStore, RowQuery } from '../../src/projection-runner/projection-store.port';

const ROWS = 1_000;
const HIGH_WATER = 16 * 1024;

const feedRows: CreditFeedRow[] = Array.from({ length: ROWS }, (_, i) => ({
  kind: 'feed',
  position: i + 1,
  publishedBy: i + 1,
  recordedAt: '2024-11-01T08:00:00.000Z',
  type: 'ContractorRegistered',
  uscc: '91220100MA00000001',
  leafHash: 'a'.repeat(64),
  data: { name: `承接主体 ${i + 1}`, note: 'x'.repeat(80) },
}));

/** A consumer's socket: accepts bytes only while `reading`, like a client that stopped reading. */
class Consumer extends Writable {
  reading = false;
  readonly chunks: string[] = [];
  private held: (() => void) | null = null;

  constructor(highWaterMark = HIGH_WATER) {
    super({ highWaterMark, decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(String(chunk));
    if (this.reading) done();
    else this.held = done;
  }

  read(): void {
    this.reading = true;
    const held = this.held;
    this.held = null;
    held?.();
  }

  writeHead(): this {
    return this;
  }
  flushHeaders(): void {}
}

/** A consumer that reads, a turn of the event loop per write: every write larger than its buffer waits for 'drain'. */
class SteadyConsumer extends Consumer {
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(String(chunk));
    setImmediate(done);
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

/** A store of feedRows paged by afterKey (keys feed:<publishedBy>:<position>), recording where each page starts. */
function feedStore(queries: number[]): ProjectionStore {
  return {
    queryRows: (_name: string, q: RowQuery) => {
      const from = Number(q.afterKey!.split(':')[2]) + 1;
      queries.push(from);
      return Promise.resolve(feedRows.filter((r) => r.position >= from).slice(0, q.limit));
    },
  } as unknown as ProjectionStore;
}

describe('credit feed over SSE, a slow consumer', () => {
  it('holds at most one page and the socket buffer for a consumer that stops reading, then resumes without loss or repeat', async () => {
    const queries: number[] = [];
    const store = {
      queryRows: (_name: string, q: RowQuery) => {
        // Keys feed:<publishedBy>:<position>; here every item is published by its own entry.
        const from = Number(q.afterKey!.split(':')[2]) + 1;
        queries.push(from);
        return Promise.resolve(feedRows.filter((r) => r.position >= from).slice(0, q.limit));
      },
    } as unknown as ProjectionStore;
    const runner = {
      position: () => ROWS,
      // Nothing newer arrives: the stream waits a little, then looks again.
      waitFor: () => new Promise<boolean>((r) => setTimeout(() => r(false), 5)),
    } as unknown as ProjectionRunner;
    const consumer = new Consumer();
    const reply = { hijack: () => undefined, raw: consumer } as unknown as FastifyReply;
    const req = { headers: { accept: 'text/event-stream' } } as unknown as FastifyRequest;

    const serving = new CreditFeedController(store, runner).feed(undefined, undefined, undefined, req, reply);
    try {
      await settle();
      // Stopped at the socket's high-water mark, inside the first page: nothing else read or queued.
      expect(queries).toEqual([1]);
      expect(consumer.writableLength).toBeLessThan(HIGH_WATER + 1024);
      const stalled = consumer.chunks.length;
      await settle();
      expect(consumer.chunks.length).toBe(stalled);
      expect(queries).toEqual([1]);

      consumer.read();
      for (let i = 0; i < 100 && queries.length < 11; i++) await settle();
      const ids = consumer.chunks
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => (JSON.parse(l.slice(6)) as { position: number }).position);
      expect(ids).toEqual(feedRows.map((r) => r.position));
      // Page after page, each from where the last one ended.
      expect(queries.slice(0, 11)).toEqual([1, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1001]);
    } finally {
      consumer.emit('close');
    }
    await serving;
    const after = queries.length;
    await settle();
    expect(queries.length).toBe(after);
  });
  it('leaves no listener behind on the socket after each wait for it to drain (issue 18 soak: 11 close listeners warned)', async () => {
    const queries: number[] = [];
    const runner = {
      position: () => ROWS,
      waitFor: () => new Promise<boolean>((r) => setTimeout(() => r(false), 5)),
    } as unknown as ProjectionRunner;
    // Every event is larger than the buffer: each write waits for 'drain', 1,000 waits in all.
    const consumer = new SteadyConsumer(16);
    const reply = { hijack: () => undefined, raw: consumer } as unknown as FastifyReply;
    const req = { headers: { accept: 'text/event-stream' } } as unknown as FastifyRequest;
    const serving = new CreditFeedController(feedStore(queries), runner).feed(undefined, undefined, undefined, req, reply);
    try {
      for (let i = 0; i < 200 && !queries.includes(ROWS + 1); i++) await settle();
      expect(
        consumer.chunks
          .join('')
          .split('\n')
          .filter((l) => l.startsWith('id: ')),
      ).toHaveLength(ROWS);
      // The stream's own 'close' listener, nothing per wait.
      expect(consumer.listenerCount('close')).toBe(1);
      expect(consumer.listenerCount('error')).toBe(0);
      expect(consumer.listenerCount('drain')).toBe(0);
    } finally {
      consumer.emit('close');
    }
    await serving;
  });
});
