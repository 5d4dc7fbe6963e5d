import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/ledger/event-store.port';
import { LEDGER_ADAPTER } from '../../src/shared/di-tokens';
import type { TestApp } from './app';
import { newEvent } from './events';

/** How the tlog-tiles suites reach the service: requests without a socket, and many entries at once. */

type Answer = { status: number; body: Buffer; headers: Record<string, string | string[] | number | undefined> };

/** Requests through Fastify without a socket: thousands of them in a few seconds. */
export function injector(t: TestApp): (url: string, headers?: Record<string, string>) => Promise<Answer> {
  const fastify = t.app.getHttpAdapter().getInstance() as FastifyInstance;
  return async (url, headers = {}) => {
    const res = await fastify.inject({ method: 'GET', url, headers });
    return { status: res.statusCode, body: res.rawPayload, headers: res.headers };
  };
}

/** Entries appended behind the service (types no route writes), a thousand per commit. */
export async function appendProbes(t: TestApp, count: number): Promise<void> {
  const adapter = t.app.get<EventStore>(LEDGER_ADAPTER);
  for (let done = 0; done < count; done += 1000) {
    const events = Array.from({ length: Math.min(1000, count - done) }, (_, i) => newEvent('Probe', { n: done + i }));
    await adapter.append(`probe-${randomUUID()}`, events, { expectedVersion: 'no_stream' });
  }
}

/** Tiles as the verifier asks for them: 200 with the bytes, or the test fails naming the path. */
export function tileFetch(get: ReturnType<typeof injector>): (path: string) => Promise<Buffer> {
  return async (path) => {
    const res = await get(`/tlog/tile/${path}`);
    if (res.status !== 200) throw new Error(`GET /tlog/tile/${path}: ${res.status} ${res.body.toString()}`);
    return res.body;
  };
}

/** The size and root lines of a C2SP checkpoint. */
export function checkpointOf(note: string): { size: number; root: string } {
  const [, size, root] = note.split('\n');
  return { size: Number(size), root };
}
