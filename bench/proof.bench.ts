import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../src/ledger/event-store.port';
import { inclusionProof, rootAt, withNodes } from '../src/ledger/tree/merkle';
import { verifyInclusion } from '../src/ledger/tree/verify';
import { Measurement, measurement } from './stats';

const event = (i: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'PaymentMade',
  schemaVersion: 1,
  data: { contractId: `c-${i % 5000}`, paymentId: `p-${i}`, amount: 1_000_00 + i, paidAt: '2024-06-30', purpose: 'service_fee' },
  metadata: { actor: 'key:bench', role: 'purchaser', correlationId: 'bench', causationId: 'bench' },
});

/** Fills the ledger to `total` entries in large commits (the tree grows with each, as always). */
export async function fill(store: EventStore, total: number, perCommit = 2000): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let done = await store.head();
  const writers = 4;
  const writer = async (w: number): Promise<void> => {
    while (done < total) {
      const n = Math.min(perCommit, total - done);
      done += n;
      await store.append(
        `fill-${w}`,
        Array.from({ length: n }, (_, k) => event(done - n + k)),
        { expectedVersion: 'any' },
      );
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return measurement(
    `fill to ${total.toLocaleString('en')} entries (commits of ${perCommit})`,
    total,
    Number(process.hrtime.bigint() - started) / 1e9,
  );
}

/** Inclusion proofs of random entries in the full tree, as GET /v1/ledger/proofs/inclusion computes them. */
export async function benchInclusion(store: EventStore, samples: number): Promise<Measurement> {
  const size = await store.head();
  const nodes = (k: { level: number; index: number }[]) => store.readTreeNodes(k);
  const root = await withNodes(nodes, (r) => rootAt(size, r));
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < samples; i++) {
    const position = 1 + Math.floor(Math.random() * size);
    const t0 = process.hrtime.bigint();
    // As LedgerTreeService.inclusion: the leaf and its audit path in one fetch of stored nodes.
    const { leaf, proof } = await withNodes(nodes, async (r) => ({
      leaf: await r.node(0, position - 1),
      proof: await inclusionProof(position - 1, size, r),
    }));
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!verifyInclusion(position - 1, size, leaf, proof, root)) throw new Error(`proof of ${position} does not verify`);
  }
  return measurement(
    `inclusion proof at ${size.toLocaleString('en')} entries`,
    samples,
    Number(process.hrtime.bigint() - started) / 1e9,
    latencies,
  );
}
