import { expect } from '@jest/globals';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { parseCosignerKey } from '../../../src/ledger/tree/cosignature';
import type { CosignatureStore, StoredCosignature } from '../../../src/ledger/tree/cosignature-store.port';
import { checkpointBody, generateSigningKey, signNote } from '../../../src/ledger/tree/signed-note';
import { Witnessing } from '../../../src/ledger/tree/witnessing';
import { LedgerMetrics } from '../../../src/observability/metrics';
import { testCosigner } from '../../support/test-cosigner';

const key = generateSigningKey('example.org/ledger');
const checkpointOf = (size: number) => {
  const root = Buffer.alloc(32, size);
  return { size, root, note: signNote(checkpointBody({ origin: 'example.org/ledger', size, root }), key), issuedAt: '' };
};

class MemoryStore implements CosignatureStore {
  readonly rows: StoredCosignature[] = [];
  async save(c: StoredCosignature): Promise<void> {
    if (!this.rows.some((r) => r.size === c.size && r.witness === c.witness)) this.rows.push(c);
    return Promise.resolve();
  }
  linesFor(sizes: readonly number[]): Promise<Map<number, string[]>> {
    const m = new Map<number, string[]>();
    for (const r of this.rows) if (sizes.includes(r.size)) m.set(r.size, [...(m.get(r.size) ?? []), r.line]);
    return Promise.resolve(m);
  }
  latestSize(w: string): Promise<number> {
    return Promise.resolve(Math.max(0, ...this.rows.filter((r) => r.witness === w).map((r) => r.size)));
  }
  latestCosignedBy(witnesses: readonly string[], quorum: number): Promise<number> {
    const counts = new Map<number, number>();
    for (const r of this.rows) if (witnesses.includes(r.witness)) counts.set(r.size, (counts.get(r.size) ?? 0) + 1);
    return Promise.resolve(Math.max(0, ...[...counts].filter(([, n]) => n >= quorum).map(([size]) => size)));
  }
}

const servers: Server[] = [];
async function serve(handler: (body: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(body, res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

/** The log side of c2sp.org/tlog-witness against witnesses that hang, answer garbage or claim another history. */
describe('Witnessing: hostile and slow witnesses', () => {
  const w = testCosigner('w.example');
  const logged: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
  const witnessing = (url: string, store = new MemoryStore(), head = 10, timeoutMs = 2000) => {
    const metrics = new LedgerMetrics();
    const ws = new Witnessing(
      { witnesses: [{ name: w.name, key: parseCosignerKey(w.vkey), url }], quorum: 1, timeoutMs },
      { store, consistency: () => Promise.resolve([]), head: () => Promise.resolve(head), metrics, logger },
    );
    return { ws, store, metrics };
  };

  it('a hung witness holds no reader longer than the timeout, however many checkpoints are signed meanwhile', async () => {
    const url = await serve(() => undefined); // never answers
    const { ws } = witnessing(url, new MemoryStore(), 10, 300);
    const t0 = Date.now();
    const settled = await Promise.all([1, 2, 3].map(async (n) => (await ws.cosign(checkpointOf(n)), Date.now() - t0)));
    expect(Math.max(...settled)).toBeLessThan(450);
    // Readers of the same checkpoint share one wait.
    const a = ws.cosign(checkpointOf(4));
    expect(ws.cosign(checkpointOf(4))).toBe(a);
  });

  it('sends only the newest of the checkpoints signed while it waited for an answer', async () => {
    const sizes: string[] = [];
    const url = await serve((body, res) => {
      sizes.push(body.split('\n\n')[1].split('\n')[1]);
      setTimeout(() => res.writeHead(200).end(`${w.cosign(body.slice(body.indexOf('\n\n') + 2))}\n`), 100);
    });
    const { ws, store } = witnessing(url);
    await Promise.all([1, 2, 3, 4].map((n) => ws.cosign(checkpointOf(n))));
    await new Promise((r) => setTimeout(r, 300));
    expect(sizes).toEqual(['1', '4']);
    expect(store.rows.map((r) => r.size)).toEqual([1, 4]);
    const [note] = await ws.cosignedNotes([checkpointOf(4)]);
    expect(note.endsWith(`${store.rows[1].line}\n`)).toBe(true);
  });

  it('refuses a cosignature in non-standard base64 (strict readers such as Go note.Open reject the whole note), or dated in the future', async () => {
    const unpadded = await serve((body, res) =>
      res.writeHead(200).end(`${w.cosign(body.slice(body.indexOf('\n\n') + 2)).replace(/=+$/, '')}\n`),
    );
    const first = witnessing(unpadded);
    await first.ws.cosign(checkpointOf(1));
    expect(first.store.rows).toEqual([]);
    expect(await first.metrics.registry.getSingleMetricAsString('ledger_witness_answers_total')).toContain('outcome="bad_cosignature"} 1');
    const future = await serve((body, res) =>
      res.writeHead(200).end(`${w.cosign(body.slice(body.indexOf('\n\n') + 2), Math.floor(Date.now() / 1000) + 10 * 86400)}\n`),
    );
    const second = witnessing(future);
    await second.ws.cosign(checkpointOf(1));
    expect(second.store.rows).toEqual([]);
    expect(logged.join('')).toContain('dated its cosignature in the future');
  });

  it('a 409 naming a tree larger than the ledger is a refusal, logged as another history, and the witness is asked again later', async () => {
    let requests = 0;
    const url = await serve((_body, res) => {
      requests++;
      res.writeHead(409, { 'Content-Type': 'text/x.tlog.size' }).end('1000000\n');
    });
    const { ws, metrics } = witnessing(url, new MemoryStore(), 3);
    await ws.cosign(checkpointOf(1));
    expect(logged.join('')).toContain('holds a tree of 1000000 entries, larger than this ledger');
    expect(await metrics.registry.getSingleMetricAsString('ledger_witness_answers_total')).toContain('outcome="refused"} 1');
    await new Promise((r) => setTimeout(r, 1100)); // the first backoff
    await ws.cosign(checkpointOf(2));
    expect(requests).toBe(2);
  });

  it('keeps only a cosignature that verifies with the witness key, and ignores other keys', async () => {
    const stranger = testCosigner('w.example');
    const url = await serve((body, res) => {
      const note = body.slice(body.indexOf('\n\n') + 2);
      res.writeHead(200).end(`${stranger.cosign(note)}\n${w.cosign(note)}\n`);
    });
    const { ws, store } = witnessing(url);
    await ws.cosign(checkpointOf(1));
    expect(store.rows).toHaveLength(1);
    expect(store.rows[0].line.startsWith('\u2014 w.example ')).toBe(true);
    expect(await ws.publishable(checkpointOf(2), () => Promise.resolve(checkpointOf(1)))).toMatchObject({ size: 2 });
  });
});
