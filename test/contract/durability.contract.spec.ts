import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openStore } from '../../src/ledger/open-store';
import { parseDatabaseUrl } from '../../src/config/database-url';
import type { LedgerEntry } from '../../src/ledger/event-store.port';
import { createTestDatabase, describePostgres } from '../support/postgres-server';
import { independentLeafHash, referenceRoot } from '../support/reference-merkle';
import { rootAt, withNodes } from '../../src/ledger/tree/merkle';
import { newEvent } from '../support/events';

const CHILD = resolve(__dirname, '../support/durability-child.js');
const BUILT = resolve(__dirname, '../../dist/src/ledger/open-store.js');
const ACKS_BEFORE_KILL = 600;

interface Ack {
  position: number;
  eventId: string;
  leafHash: string;
}

/** Runs the appending child, SIGKILLs it mid-run, and returns what it acknowledged. */
async function appendThenKill(databaseUrl: string): Promise<Ack[]> {
  if (!existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  const child = spawn(process.execPath, [CHILD, databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const acks: Ack[] = [];
  const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    const [tag, position, eventId, leafHash] = line.split(' ');
    if (tag !== 'ack') continue;
    acks.push({ position: Number(position), eventId, leafHash });
    if (acks.length === ACKS_BEFORE_KILL) child.kill('SIGKILL');
  }
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`child ended by itself (${signal}): ${stderr}`);
  return acks;
}

async function checkAfterCrash(databaseUrl: string): Promise<void> {
  const acks = await appendThenKill(databaseUrl);
  expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
  const store = await openStore(parseDatabaseUrl(databaseUrl));
  try {
    const head = await store.head();
    const entries: LedgerEntry[] = [];
    while (entries.length < head) entries.push(...(await store.readAll(entries.length, 1000)));
    // Dense: positions 1..head, nothing more, nothing missing.
    expect(entries.map((e) => e.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    for (const e of entries) expect(independentLeafHash(e)).toBe(e.leafHash);
    // Every acknowledged entry is there, intact, where it was acknowledged.
    for (const ack of acks) {
      const e = entries[ack.position - 1];
      expect(e).toBeDefined();
      expect({ position: e.position, eventId: e.eventId, leafHash: e.leafHash }).toEqual(ack);
    }
    // The Merkle tree committed with the entries: its root is the root of their leaf hashes.
    const root = await withNodes(
      (k) => store.readTreeNodes(k),
      (r) => rootAt(head, r),
    );
    expect(root.toString('base64')).toBe(referenceRoot(entries.map((e) => Buffer.from(e.leafHash, 'base64'))).toString('base64'));
    // And the store goes on from the dense head.
    const next = await store.append('after-crash', [newEvent('Resumed')], { expectedVersion: 'no_stream' });
    expect(next.position).toBe(head + 1);
  } finally {
    await store.close();
  }
}

describe('durability after SIGKILL [sqlite]', () => {
  it('keeps every acknowledged append, intact and densely positioned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-durability-'));
    try {
      await checkAfterCrash(`sqlite://${join(dir, 'ledger.db')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describePostgres('durability after SIGKILL', () => {
  it('keeps every acknowledged append, intact and densely positioned', async () => {
    await checkAfterCrash(await createTestDatabase('durability'));
  });
});
