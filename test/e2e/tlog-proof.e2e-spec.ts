import { expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { generateSigningKey, verifierKeyOf } from '../../src/ledger/tree/signed-note';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, Page } from '../support/bodies';
import { expectCreated, post, signedContract, seriousPenalty, seriousViolation } from '../support/lifecycle';
import { describePostgres } from '../support/postgres-server';

const C = 'cc-2024-001-c1';
const sha = (...parts: Buffer[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

/** RFC 9162 §2.1.3.2, written here from the RFC: the root an inclusion proof leads to. */
function rootFromPath(index: number, size: number, leaf: Buffer, path: readonly Buffer[]): Buffer {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (fn % 2 === 1 || fn === sn) {
      r = sha(Buffer.from([1]), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = sha(Buffer.from([1]), r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return r;
}

/** A c2sp.org/tlog-proof@v1 file read by the spec's grammar, apart from the product's parser. */
function readProof(text: string): { extra: Buffer; index: number; path: Buffer[]; checkpoint: string } {
  const [head, ...rest] = text.split('\n\n');
  const lines = head.split('\n');
  expect(lines[0]).toBe('c2sp.org/tlog-proof@v1');
  expect(lines[1]).toMatch(/^extra [A-Za-z0-9+/=]+$/);
  expect(lines[2]).toMatch(/^index (0|[1-9]\d*)$/);
  return {
    extra: Buffer.from(lines[1].slice(6), 'base64'),
    index: Number(lines[2].slice(6)),
    path: lines.slice(3).map((l) => Buffer.from(l, 'base64')),
    checkpoint: rest.join('\n\n'),
  };
}

/** Issue 17 "Portable proofs": GET /v1/ledger/entries/:position/proof?format=tlog-proof, and check-proof reading it. */
function tlogProofSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let dir: string;
  let key: string;
  let dishonesty: number;
  const out: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await signedContract(t);
    await expectCreated(
      post(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://ccgp.example/c1' }, KEYS.purchaserJilin),
    );
    await expectCreated(post(t, `/v1/contracts/${C}/violations`, seriousViolation, KEYS.purchaserJilin));
    await expectCreated(post(t, `/v1/contracts/${C}/penalties`, seriousPenalty(), KEYS.purchaserJilin));
    const events = bodyOf<Page<{ position: number; type: string }>>(
      await t.http.get('/v1/ledger/events').set(bearer(KEYS.auditor)).expect(200),
    );
    dishonesty = events.items.find((e) => e.type === 'DishonestyRecordPublished')!.position;
    key = (await t.http.get('/v1/ledger/key').expect(200)).text;
    dir = mkdtempSync(join(tmpdir(), 'ledger-tlog-proof-'));
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  });
  afterAll(async () => {
    write.mockRestore();
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function check(text: string, ...options: string[]): Promise<{ code: number; said: string }> {
    const file = join(dir, `p-${Date.now()}-${out.length}.tlog-proof`);
    writeFileSync(file, text);
    out.length = 0;
    const code = await main(['check-proof', file, ...options]);
    return { code, said: out.join('') };
  }

  it("serves a dishonesty record's proof as a tlog-proof that a third party checks with the spec, the RFC and the key alone", async () => {
    const res = await t.http.get(`/v1/ledger/entries/${dishonesty}/proof`).query({ format: 'tlog-proof' }).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`inline; filename="ledger-entry-${dishonesty}.tlog-proof"`);
    const proof = readProof(res.text);
    const entry = JSON.parse(proof.extra.toString('utf8')) as { position: number; type: string; data: Record<string, unknown> };
    expect(entry).toMatchObject({ position: dishonesty, type: 'DishonestyRecordPublished', data: { penaltyId: 'pen-1' } });
    expect(proof.index).toBe(dishonesty - 1);
    const [origin, size, root] = proof.checkpoint.split('\n');
    expect(origin).toBe('localhost/social-assistance-ledger');
    expect(rootFromPath(proof.index, Number(size), sha(Buffer.from([0]), proof.extra), proof.path).toString('base64')).toBe(root);
    // The same proof as the JSON bundle: entry, path and checkpoint.
    const bundle = bodyOf<{ entry: Record<string, unknown>; proof: { auditPath: string[] }; checkpoint: string }>(
      await t.http.get(`/v1/ledger/entries/${dishonesty}/proof`).expect(200),
    );
    const { leafHash: _l, ...hashed } = bundle.entry;
    expect(JSON.parse(proof.extra.toString('utf8'))).toEqual(hashed);
    expect(proof.path.map((h) => h.toString('base64'))).toEqual(bundle.proof.auditPath);
    expect(proof.checkpoint).toBe(bundle.checkpoint);
    process.stderr.write(
      `[figures] ${kind}: tlog-proof of entry ${dishonesty} in a tree of ${size}: ${Buffer.byteLength(res.text)} bytes (${proof.path.length} hashes, extra ${proof.extra.length} bytes); JSON bundle ${JSON.stringify(bundle).length} bytes\n`,
    );
  });

  it('is checked by ledger check-proof with --verifier-key (exit 0), and fails when the entry, a hash or the key is wrong (exit 1)', async () => {
    const text = (await t.http.get(`/v1/ledger/entries/${dishonesty}/proof?format=tlog-proof`).expect(200)).text;
    expect(await check(text, '--verifier-key', key)).toEqual({
      code: 0,
      said: expect.stringMatching(
        new RegExp(
          `^valid: entry ${dishonesty} \\(DishonestyRecordPublished\\) is in the ledger of \\d+ entries signed by localhost/social-assistance-ledger`,
        ),
      ),
    });
    const { extra } = readProof(text);
    const altered = Buffer.from(extra.toString('utf8').replace('pen-1', 'pen-2'));
    expect(await check(text.replace(extra.toString('base64'), altered.toString('base64')), '--verifier-key', key)).toEqual({
      code: 1,
      said: expect.stringContaining('root mismatch'),
    });
    const lines = text.split('\n');
    lines[3] = Buffer.alloc(32).toString('base64');
    expect((await check(lines.join('\n'), '--verifier-key', key)).code).toBe(1);
    const stranger = verifierKeyOf(generateSigningKey('localhost/social-assistance-ledger')).text;
    expect(await check(text, '--verifier-key', stranger)).toEqual({ code: 1, said: expect.stringContaining('bad signature') });
    expect(await check(text)).toEqual({ code: 2, said: expect.stringContaining('a key you trust') });
  });

  it("serves an announced contract's entry to anyone, and refuses any other format with a problem, appending nothing", async () => {
    const head = await t.store.head();
    const contract = bodyOf<Page<{ position: number; type: string }>>(
      await t.http.get('/v1/ledger/events').set(bearer(KEYS.auditor)).expect(200),
    );
    const signedAt = contract.items.find((e) => e.type === 'ContractSigned')!.position;
    expect((await t.http.get(`/v1/ledger/entries/${signedAt}/proof?format=tlog-proof`).expect(200)).text).toMatch(
      /^c2sp\.org\/tlog-proof@v1\n/,
    );
    for (const format of ['json', 'TLOG-PROOF', '']) {
      const res = await t.http.get(`/v1/ledger/entries/3/proof`).query({ format }).expect(400);
      expect([res.headers['content-type'], (res.body as { code: string }).code]).toEqual([
        'application/problem+json; charset=utf-8',
        'VALIDATION_FAILED',
      ]);
    }
    expect(await t.store.head()).toBe(head);
  });
}

describe('C2SP tlog-proof [sqlite]', () => tlogProofSuite('sqlite'));
describePostgres('C2SP tlog-proof', () => tlogProofSuite('postgres'));
