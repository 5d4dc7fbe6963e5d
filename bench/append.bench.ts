import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../src/ledger/event-store.port';
import { Measurement, measurement } from './stats';

const STREAMS = 1000;

/** A payload the size of a real PaymentMade: ids, amounts, dates and a purpose. */
export function paymentEvent(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'PaymentMade',
    schemaVersion: 1,
    data: {
      contractId: `contract-${i % STREAMS}`,
      paymentId: `pay-${i}`,
      amount: 125_000_00 + i,
      paidAt: '2024-06-30',
      purpose: 'service_fee',
      region: '220102',
      fiscalYear: 2024,
      purchaser: { code: '220102000000', name: '长春市南关区民政局' },
    },
    metadata: { actor: 'key:bench', role: 'purchaser', correlationId: randomUUID(), causationId: randomUUID() },
  };
}

/**
 * `total` single-event appends to 1,000 streams by `writers` concurrent writers, each
 * awaiting its own append before the next; streams are split between writers and each
 * append states the expected stream version (optimistic concurrency, as commands do).
 */
export async function benchAppends(store: EventStore, name: string, total: number, writers: number): Promise<Measurement> {
  const latencies = new Array<number>(total);
  const versions = new Map<string, number>();
  // Built before the clock starts, as the raw baselines build their rows (bench/baselines.ts).
  const events = Array.from({ length: total }, (_, k) => paymentEvent(k));
  let next = 0;
  const writer = async (w: number): Promise<void> => {
    for (;;) {
      const k = next++;
      if (k >= total) return;
      // Writer w owns streams ≡ w (mod writers), so writers never conflict.
      const stream = `bench-${(Math.floor(k / writers) * writers + w) % STREAMS}`;
      const expected = versions.get(stream) ?? 0;
      const t0 = process.hrtime.bigint();
      const r = await store.append(stream, [events[k]], { expectedVersion: expected });
      latencies[k] = Number(process.hrtime.bigint() - t0) / 1e6;
      versions.set(stream, r.streams[0].version);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return measurement(name, total, seconds, latencies);
}

export async function benchReadAll(store: EventStore, pageSize = 1000): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll(after, pageSize);
    if (page.length === 0) break;
    count += page.length;
    after = page[page.length - 1].position;
  }
  return measurement(`readAll (pages of ${pageSize})`, count, Number(process.hrtime.bigint() - started) / 1e9);
}
