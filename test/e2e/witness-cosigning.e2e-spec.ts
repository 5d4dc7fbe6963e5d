import { expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { generateSigningKey, verifierKeyOf } from '../../src/ledger/tree/signed-note';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf } from '../support/bodies';
import { freePort } from '../support/free-port';
import { contractor, expectCreated, fund, post, project } from '../support/lifecycle';
import { appendProbes } from '../support/tlog-client';
import { describePostgres } from '../support/postgres-server';
import { cosignedAt, testCosigner } from '../support/test-cosigner';
import { describeWitness, startWitness, type Witness } from '../support/witness';

const ORIGIN = 'ledger.example/social-assistance';

/**
 * Issue 17 "Witness cosigning": the ledger sends each checkpoint to its witnesses (c2sp.org/tlog-witness),
 * here the independent Go witness of test/servers/witness, and serves their cosignatures on the checkpoint;
 * check-proof --policy enforces the quorum; a ledger that rewrites history gets no cosignature.
 */
function witnessSuite(kind: 'sqlite' | 'postgres'): void {
  const key = generateSigningKey(ORIGIN);
  const logKey = verifierKeyOf(key).text;
  let w1: Witness;
  let w2: Witness;
  let downUrl: string;
  let t: TestApp;
  let dir: string;
  const out: string[] = [];
  let write: jest.SpyInstance;

  const witnessesEnv = (...ws: { name: string; vkey: string; url: string }[]): NodeJS.ProcessEnv => ({
    LEDGER_SIGNING_KEY: key.text,
    LEDGER_ORIGIN: ORIGIN,
    LEDGER_WITNESSES: JSON.stringify(ws.map((w) => ({ name: w.name, key: w.vkey, url: w.url }))),
  });
  const w3 = testCosigner('w3.example');
  /** A witness that never answers: nothing listens at its URL. */
  const down = (): { name: string; vkey: string; url: string } => ({ name: w3.name, vkey: w3.vkey, url: downUrl });
  const checkpointOf = async (app: TestApp): Promise<string> => (await app.http.get('/v1/ledger/checkpoint').expect(200)).text;
  const witnessState = async (w: Witness): Promise<string | null> => {
    const res = await fetch(`${w.url}/${createHash('sha256').update(ORIGIN).digest('hex')}/checkpoint`);
    return res.status === 200 ? res.text() : null;
  };
  async function checkProof(text: string, ...options: string[]): Promise<{ code: number; said: string }> {
    const file = join(dir, `p-${out.length}-${Math.random()}.tlog-proof`);
    writeFileSync(file, text);
    out.length = 0;
    const code = await main(['check-proof', file, ...options]);
    return { code, said: out.join('') };
  }
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-witnessing-'));
    w1 = await startWitness({ name: 'w1.example', logKeys: [logKey] });
    w2 = await startWitness({ name: 'w2.example', logKeys: [logKey] });
    downUrl = `http://127.0.0.1:${await freePort()}`; // nobody listens there
    t = await startTestApp(kind, { ...witnessesEnv(w1, w2, down()), LEDGER_WITNESS_POLICY: '2 of 3' });
    await expectCreated(post(t, '/v1/funds', fund()));
    await expectCreated(post(t, '/v1/contractors', contractor(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects', project(), KEYS.purchaserJilin));
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  });
  afterAll(async () => {
    write.mockRestore();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the checkpoint with the cosignatures of the witnesses that answered, each verifying with its key', async () => {
    const note = await checkpointOf(t);
    const [origin, size] = note.split('\n');
    expect([origin, Number(size)]).toEqual([ORIGIN, await t.store.head()]);
    const lines = note
      .slice(note.indexOf('\n\n') + 2)
      .trimEnd()
      .split('\n');
    expect(lines.map((l) => l.split(' ')[1])).toEqual([ORIGIN.replace(/[\s+]/g, '_'), 'w1.example', 'w2.example']);
    const now = Math.floor(Date.now() / 1000);
    for (const w of [w1, w2]) expect(Math.abs(cosignedAt(w.vkey, note)! - now)).toBeLessThan(60);
    // The tlog-tiles checkpoint is the same note, cosignatures included.
    expect((await t.http.get('/tlog/checkpoint').expect(200)).text).toBe(note);
    // Each witness now holds this checkpoint as the latest it cosigned.
    expect(await witnessState(w1)).toContain(`${ORIGIN}\n${size}\n`);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/ledger_witness_answers_total\{witness="w1.example",outcome="cosigned"\} [1-9]/);
    expect(metrics).toMatch(/ledger_witness_answers_total\{witness="w3.example",outcome="unreachable"\} [1-9]/);
    expect(metrics).toContain(`ledger_witnessed_size{witness="w2.example"} ${size}`);
  });

  it('sends each new checkpoint with a consistency proof from the size the witness holds, and every checkpoint keeps its cosignatures', async () => {
    const before = Number((await checkpointOf(t)).split('\n')[1]);
    for (let round = 0; round < 3; round++) {
      await appendProbes(t, 2 + round);
      const note = await checkpointOf(t);
      expect(Number(note.split('\n')[1])).toBe(await t.store.head());
      for (const w of [w1, w2]) expect(cosignedAt(w.vkey, note)).not.toBeNull();
    }
    const all = bodyOf<{ items: string[] }>(await t.http.get('/v1/ledger/checkpoints').expect(200)).items;
    const after = all.filter((n) => Number(n.split('\n')[1]) > before);
    expect(after.length).toBeGreaterThanOrEqual(3);
    for (const n of after) expect([cosignedAt(w1.vkey, n) !== null, cosignedAt(w2.vkey, n) !== null]).toEqual([true, true]);
    expect(w1.stderr()).not.toMatch(/refus|422|409/i);
  });

  it('publishes its policy, and check-proof --policy accepts a tlog-proof with 2 of 3 cosignatures but not a stricter policy', async () => {
    const policy = (await t.http.get('/v1/ledger/policy').expect(200)).text;
    expect(policy).toBe(
      `log ${logKey}\nwitness w1.example ${w1.vkey} ${w1.url}\nwitness w2.example ${w2.vkey} ${w2.url}\nwitness w3.example ${down().vkey} ${downUrl}\ngroup witnesses 2 w1.example w2.example w3.example\nquorum witnesses\n`,
    );
    const policyFile = join(dir, 'ledger.policy');
    writeFileSync(policyFile, policy);
    const proof = (await t.http.get('/v1/ledger/entries/3/proof?format=tlog-proof').expect(200)).text;
    expect(await checkProof(proof, '--policy', policyFile)).toEqual({
      code: 0,
      said: expect.stringContaining("cosigned by 2 of the policy's 3 witnesses (w1.example, w2.example); the quorum asks for 2 of"),
    });
    expect((await checkProof(proof, '--verifier-key', logKey, '--policy', policyFile)).code).toBe(0);
    const strict = join(dir, 'strict.policy');
    writeFileSync(strict, policy.replace('group witnesses 2', 'group witnesses all'));
    expect(await checkProof(proof, '--policy', strict)).toEqual({
      code: 1,
      said: expect.stringContaining('the checkpoint is not witnessed as the policy asks'),
    });
    // Cosignature lines removed: the log's signature alone does not meet the quorum.
    const bare = proof.replace(/\u2014 w[12]\.example \S+\n/g, '');
    expect((await checkProof(bare, '--verifier-key', logKey)).code).toBe(0);
    expect((await checkProof(bare, '--policy', policyFile)).code).toBe(1);
  });

  it('resends from the size a witness reports in its 409, after its state was kept elsewhere', async () => {
    // w4 has already cosigned an early checkpoint of this ledger (sent by the test), which the ledger has no record of.
    const w4 = await startWitness({ name: 'w4.example', logKeys: [logKey] });
    const early = bodyOf<{ items: string[] }>(await t.http.get('/v1/ledger/checkpoints').expect(200)).items[0];
    const seeded = await fetch(`${w4.url}/add-checkpoint`, { method: 'POST', body: `old 0\n\n${early}` });
    expect(seeded.status).toBe(200);
    await t.app.close();
    t = await startTestApp(kind, { ...witnessesEnv(w1, w2, w4), DATABASE_URL: t.databaseUrl, LEDGER_DATA_DIR: t.dataDir });
    await appendProbes(t, 1);
    const note = await checkpointOf(t);
    expect(cosignedAt(w4.vkey, note)).not.toBeNull();
    expect(w4.stderr()).toMatch(/409/);
    expect((await t.http.get('/metrics').expect(200)).text).toMatch(
      /ledger_witness_answers_total\{witness="w4.example",outcome="conflict"\} 1/,
    );
  });

  it('gets no cosignature for a forked history: a ledger with the same key and origin but other entries is refused', async () => {
    const honest = Number((await witnessState(w1))!.split('\n')[1]);
    const fork = await startTestApp(kind, witnessesEnv(w1));
    try {
      await expectCreated(post(fork, '/v1/funds', fund({ reference: '伪造的拨款' })));
      await appendProbes(fork, honest + 2 - (await fork.store.head()));
      const note = await checkpointOf(fork);
      expect(Number(note.split('\n')[1])).toBeGreaterThan(honest);
      expect(cosignedAt(w1.vkey, note)).toBeNull();
      expect(w1.stderr()).toMatch(/422/);
      expect((await fork.http.get('/metrics').expect(200)).text).toMatch(
        /ledger_witness_answers_total\{witness="w1.example",outcome="refused"\} [1-9]/,
      );
      // The witness still holds the honest ledger, which goes on being cosigned.
      expect(Number((await witnessState(w1))!.split('\n')[1])).toBe(honest);
      await appendProbes(t, 1);
      expect(cosignedAt(w1.vkey, await checkpointOf(t))).not.toBeNull();
      // And a proof from the fork fails any policy that needs w1.
      const policyFile = join(dir, 'w1.policy');
      writeFileSync(policyFile, `log ${logKey}\nwitness w1 ${w1.vkey}\nquorum w1\n`);
      const proof = (await fork.http.get('/v1/ledger/entries/1/proof?format=tlog-proof').set(bearer(KEYS.auditor)).expect(200)).text;
      expect(await checkProof(proof, '--policy', policyFile)).toEqual({ code: 1, said: expect.stringContaining('cosigned by 0 of') });
    } finally {
      await fork.close();
    }
  });
}

describeWitness('witness cosigning [sqlite]', () => witnessSuite('sqlite'));
describeWitness('witness cosigning', () => describePostgres('on PostgreSQL', () => witnessSuite('postgres')));
