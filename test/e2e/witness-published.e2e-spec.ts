import { expect } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey } from '../../src/ledger/tree/signed-note';
import { bearer, KEYS, startTestApp, type TestApp } from '../support/app';
import { expectCreated, fund, post } from '../support/lifecycle';
import { describePostgres } from '../support/postgres-server';
import { cosignedAt, testCosigner } from '../support/test-cosigner';
import { appendProbes } from '../support/tlog-client';

const ORIGIN = 'ledger.example/published';

/** A witness the test steers: it cosigns after `delayMs`, or never answers while `hang` is set. */
async function steeredWitness(): Promise<{
  url: string;
  vkey: string;
  name: string;
  mode: { delayMs: number; hang: boolean };
  close(): void;
}> {
  const w = testCosigner('steered.example');
  const mode = { delayMs: 0, hang: false };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (mode.hang) return;
      setTimeout(() => res.writeHead(200).end(`${w.cosign(body.slice(body.indexOf('\n\n') + 2))}\n`), mode.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    vkey: w.vkey,
    name: w.name,
    mode,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * Which checkpoint is handed out with a witness policy: readers of a new checkpoint wait (together, at most
 * LEDGER_WITNESS_TIMEOUT_MS) for its cosignatures, and while the witnesses cannot cosign, the checkpoint served is
 * the latest one the quorum has cosigned; an entry after it is proved against the latest.
 */
function publishedSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof steeredWitness>>;
  const size = (note: string): number => Number(note.split('\n')[1]);
  beforeAll(async () => {
    w = await steeredWitness();
    t = await startTestApp(kind, {
      LEDGER_SIGNING_KEY: generateSigningKey(ORIGIN).text,
      LEDGER_ORIGIN: ORIGIN,
      LEDGER_WITNESSES: JSON.stringify([{ name: w.name, key: w.vkey, url: w.url }]),
      LEDGER_WITNESS_TIMEOUT_MS: '1500',
    });
  });
  afterAll(async () => {
    await t?.close();
    w?.close();
  });

  it('a reader arriving while a new checkpoint is being cosigned gets it with its cosignature, not bare', async () => {
    w.mode.delayMs = 600;
    await expectCreated(post(t, '/v1/funds', fund()));
    const first = t.http.get('/v1/ledger/checkpoint').then((r) => r.text);
    await new Promise((r) => setTimeout(r, 150));
    const second = (await t.http.get('/v1/ledger/checkpoint').expect(200)).text;
    expect(second).toBe(await first);
    expect(size(second)).toBe(await t.store.head());
    expect(cosignedAt(w.vkey, second)).not.toBeNull();
  });

  it('while the witness hangs, readers wait at most the timeout and get the latest cosigned checkpoint; a newer entry is proved against the latest', async () => {
    const witnessed = size((await t.http.get('/v1/ledger/checkpoint').expect(200)).text);
    w.mode.hang = true;
    await appendProbes(t, 3);
    const started = Date.now();
    const served = (await t.http.get('/v1/ledger/checkpoint').expect(200)).text;
    expect(Date.now() - started).toBeLessThan(3000);
    expect([size(served), cosignedAt(w.vkey, served) !== null]).toEqual([witnessed, true]);
    expect((await t.http.get('/tlog/checkpoint').expect(200)).text).toBe(served);
    const head = await t.store.head();
    const bundle = (await t.http.get(`/v1/ledger/entries/${head}/proof`).set(bearer(KEYS.auditor)).expect(200)).body as {
      checkpoint: string;
    };
    expect([size(bundle.checkpoint), cosignedAt(w.vkey, bundle.checkpoint)]).toEqual([head, null]);
    // An entry the witnessed checkpoint holds is proved against it, cosignature included.
    const old = (await t.http.get('/v1/ledger/entries/1/proof').set(bearer(KEYS.auditor)).expect(200)).body as { checkpoint: string };
    expect(old.checkpoint).toBe(served);
    // The witness answers again: the next checkpoint is cosigned and served.
    w.mode.hang = false;
    w.mode.delayMs = 0;
    await new Promise((r) => setTimeout(r, 2500)); // past the backoff after the timeout
    await appendProbes(t, 1);
    let latest = '';
    for (let i = 0; i < 20 && size(latest) !== (await t.store.head()); i++) {
      latest = (await t.http.get('/v1/ledger/checkpoint').expect(200)).text;
      if (size(latest) !== (await t.store.head())) await new Promise((r) => setTimeout(r, 250));
    }
    expect([size(latest), cosignedAt(w.vkey, latest) !== null]).toEqual([await t.store.head(), true]);
  });
}

describe('the published checkpoint with witnesses [sqlite]', () => publishedSuite('sqlite'));
describePostgres('the published checkpoint with witnesses', () => publishedSuite('postgres'));
