import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../support/free-port';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, describePostgres } from '../support/postgres-server';
import { API_KEYS_JSON, KEYS, startTestApp, TestApp } from '../support/app';
import { fund, registeredProject } from '../support/lifecycle';
import { Kind, ledgerCli } from '../support/tamper';
import { newEvent } from '../support/events';
import { LedgerTreeService } from '../../src/ledger/tree/ledger-tree.service';
import { openStore } from '../../src/ledger/open-store';
import { parseDatabaseUrl } from '../../src/config/database-url';

const MAIN = resolve(__dirname, '../../dist/src/main.js');

async function signedAndHead(databaseUrl: string): Promise<{ signed: number; head: number }> {
  const store = await openStore(parseDatabaseUrl(databaseUrl));
  try {
    return { signed: (await store.latestCheckpoint())?.size ?? 0, head: await store.head() };
  } finally {
    await store.close();
  }
}

/**
 * The built service, three commands, five more in flight, SIGTERM: it exits 0 well within a
 * container's grace period (Kubernetes: 30 s), and the head it signed covers every acknowledged
 * command. With `sse`, a credit-feed stream stays open through it all.
 */
async function sigterm(kind: Kind, sse: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sigterm-'));
  const databaseUrl = kind === 'sqlite' ? `sqlite://${join(dir, 'ledger.db')}` : await createTestDatabase('sigterm');
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      LEDGER_DATA_DIR: dir,
      LEDGER_API_KEYS: API_KEYS_JSON,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const exitedSoon = () =>
    Promise.race([exited, new Promise((r) => setTimeout(() => r('still running 10 s after SIGTERM'), 10_000).unref())]);
  const base = `http://127.0.0.1:${port}`;
  const fundPost = (reference: string) =>
    fetch(`${base}/v1/funds`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEYS.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(fund({ reference })),
    });
  try {
    let up = false;
    for (let i = 0; i < 150 && !up; i++) {
      await new Promise((r) => setTimeout(r, 100));
      up = await fetch(`${base}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
    }
    expect(up).toBe(true);
    for (let i = 0; i < 3; i++) expect((await fundPost(`sigterm-${i}`)).status).toBe(201);
    if (sse) {
      const stream = await fetch(`${base}/v1/credit/feed`, {
        headers: { Authorization: `Bearer ${KEYS.creditPlatform}`, Accept: 'text/event-stream' },
      });
      expect(stream.status).toBe(200);
      void stream
        .body!.getReader()
        .read()
        .catch(() => undefined);
    }
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      fundPost(`in-flight-${i}`).then(
        async (r) => (r.status === 201 ? ((await r.json()) as { position: number }).position : null),
        () => null,
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGTERM');
    const acknowledged = (await Promise.all(inFlight)).filter((p): p is number => p !== null);
    expect(await exitedSoon()).toEqual({ code: 0, signal: null });
    const { signed, head } = await signedAndHead(databaseUrl);
    expect({ signed, head }).toEqual({ signed: head, head: 3 + acknowledged.length });
    expect(Math.max(3, ...acknowledged)).toBe(head);
    // The timer may have signed it during the grace period; either way the shutdown says so.
    expect(out).toMatch(new RegExp(`(signed a checkpoint of the head|the head was already signed) \\(${head} entries\\) at shutdown`));
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

function lifecycleSuite(kind: Kind): void {
  it('signs the entries a crash left unsigned before it accepts a command', async () => {
    const first = await startTestApp(kind);
    let second: TestApp | undefined;
    try {
      await registeredProject(first);
      const n = await first.store.head();
      const key = first.app.get(LedgerTreeService).verifier.text;
      await first.app.close();
      // As after a crash: entries committed that no checkpoint covers yet.
      const store = await openStore(parseDatabaseUrl(first.databaseUrl));
      await store.append('unsigned', [newEvent('Probe', { n: 1 }), newEvent('Probe', { n: 2 })], { expectedVersion: 'no_stream' });
      await store.close();
      expect(await signedAndHead(first.databaseUrl)).toEqual({ signed: n, head: n + 2 });

      second = await startTestApp(kind, { DATABASE_URL: first.databaseUrl, LEDGER_DATA_DIR: first.dataDir });
      // Started (the server could listen now), well before the first timer tick: the head is already signed.
      expect(await signedAndHead(first.databaseUrl)).toEqual({ signed: n + 2, head: n + 2 });
      const state = join(first.dataDir, 'verify-state.json');
      expect(
        (await ledgerCli('verify', '--database-url', first.databaseUrl, '--state', state, '--verifier-key', key, '--require-signed')).code,
      ).toBe(0);
    } finally {
      await second?.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('signs the head on SIGTERM with commands in flight, and exits 0 (the built service)', () => sigterm(kind, false));
}

describe('checkpoints at start and shutdown [sqlite]', () => lifecycleSuite('sqlite'));
describePostgres('checkpoints at start and shutdown', () => lifecycleSuite('postgres'));

describe('SIGTERM with an SSE stream open [sqlite]', () => {
  it('cuts the stream after the grace period, signs the head and exits 0', () => sigterm('sqlite', true), 20_000);
});
