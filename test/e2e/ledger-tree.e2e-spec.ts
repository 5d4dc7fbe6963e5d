import { bodyOf, InclusionProof, Page, ProofBundle } from '../support/bodies';
import { createHash } from 'node:crypto';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { award, expectCreated, post, registeredProject, tender } from '../support/lifecycle';
import { referenceRoot } from '../support/reference-merkle';
import { LedgerTreeService } from '../../src/ledger/tree/ledger-tree.service';
import { openCheckpoint, parseVerifierKey } from '../../src/ledger/tree/signed-note';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/tree/verify';
import { canonicalize } from '../../src/ledger/jcs';

const b64 = (s: string) => Buffer.from(s, 'base64');

function treeSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { LEDGER_ORIGIN: 'ledger.test/social-assistance' });
    await registeredProject(t);
  });
  afterAll(async () => t.close());

  it('serves a signed checkpoint of the whole ledger that opens with the served verifier key', async () => {
    const key = parseVerifierKey((await t.http.get('/v1/ledger/key').expect(200)).text);
    expect(key.name).toBe('ledger.test/social-assistance');
    const note = (
      await t.http
        .get('/v1/ledger/checkpoint')
        .expect(200)
        .expect('Content-Type', /text\/plain/)
    ).text;
    const cp = openCheckpoint(note, key);
    const entries = await t.store.readAll(0, 1000);
    expect(cp).toEqual({
      origin: 'ledger.test/social-assistance',
      size: entries.length,
      root: referenceRoot(entries.map((e) => b64(e.leafHash))),
    });
  });

  it('keeps every checkpoint, one per size, and proves consistency between them', async () => {
    const key = parseVerifierKey((await t.http.get('/v1/ledger/key')).text);
    const first = openCheckpoint((await t.http.get('/v1/ledger/checkpoint')).text, key);
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    await t.app.get(LedgerTreeService).tick();
    const list = bodyOf<Page<string>>(await t.http.get('/v1/ledger/checkpoints').expect(200));
    const sizes = list.items.map((n) => openCheckpoint(n, key).size);
    expect(sizes).toEqual([...new Set<number>(sizes)].sort((a, b) => a - b));
    expect(sizes).toContain(first.size);
    const last = openCheckpoint(list.items[list.items.length - 1], key);
    expect(last.size).toBe(await t.store.head());
    const res = await t.http.get('/v1/ledger/proofs/consistency').query({ from: first.size, to: last.size }).expect(200);
    expect(verifyConsistency(first.size, last.size, bodyOf<{ proof: string[] }>(res).proof.map(b64), first.root, last.root)).toBe(true);
    const after = await t.http.get('/v1/ledger/checkpoints').query({ after: first.size }).expect(200);
    expect(bodyOf<Page<string>>(after).items.every((n) => openCheckpoint(n, key).size > first.size)).toBe(true);
  });

  it('issues a checkpoint within about a second of new entries, without being asked', async () => {
    await expectCreated(
      post(t, '/v1/funds', { region: '220102', fiscalYear: 2025, source: 'provincial', amount: 100, reference: 'timer-check' }),
    );
    const head = await t.store.head();
    const deadline = Date.now() + 3000;
    let latest = await t.store.latestCheckpoint();
    while ((latest?.size ?? 0) < head && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      latest = await t.store.latestCheckpoint();
    }
    expect(latest?.size).toBe(head);
  });

  it('proves inclusion of any entry in any tree size up to the head', async () => {
    const head = await t.store.head();
    const entries = await t.store.readAll(0, 1000);
    for (const size of [1, 3, head]) {
      for (let position = 1; position <= size; position++) {
        const res = await t.http.get('/v1/ledger/proofs/inclusion').query({ position, treeSize: size }).expect(200);
        expect(res.body).toMatchObject({ leafIndex: position - 1, treeSize: size, leafHash: entries[position - 1].leafHash });
        const proof = bodyOf<InclusionProof>(res);
        expect(
          verifyInclusion(
            position - 1,
            size,
            b64(proof.leafHash),
            proof.auditPath.map(b64),
            referenceRoot(entries.slice(0, size).map((e) => b64(e.leafHash))),
          ),
        ).toBe(true);
      }
    }
    await t.http
      .get('/v1/ledger/proofs/inclusion')
      .query({ position: 1, treeSize: head + 1 })
      .expect(400);
    await t.http.get('/v1/ledger/proofs/inclusion').query({ position: 0, treeSize: head }).expect(400);
    await t.http.get('/v1/ledger/proofs/consistency').query({ from: 3, to: 2 }).expect(400);
  });

  it('bundles an entry with its proof and checkpoint: public entries for anyone, the rest for auditors', async () => {
    const entries = await t.store.readAll(0, 1000);
    const registered = entries.find((e) => e.type === 'ProjectRegistered')!;
    const fund = entries.find((e) => e.type === 'FundAllocated')!;
    const res = await t.http.get(`/v1/ledger/entries/${registered.position}/proof`).expect(200);
    const { entry, proof, checkpoint, verifierKey } = bodyOf<ProofBundle>(res);
    expect(entry.private).toBeUndefined();
    expect(entry.privateSalt).toBeUndefined();
    // Everything needed to check it offline is in the bundle.
    const { leafHash, ...envelope } = entry;
    const recomputed = createHash('sha256')
      .update(Buffer.from([0]))
      .update(canonicalize(envelope))
      .digest();
    expect(recomputed.toString('base64')).toBe(leafHash);
    const cp = openCheckpoint(checkpoint, parseVerifierKey(verifierKey));
    expect(verifyInclusion(proof.leafIndex, cp.size, recomputed, proof.auditPath.map(b64), cp.root)).toBe(true);
    await t.http.get(`/v1/ledger/entries/${fund.position}/proof`).expect(404);
    await t.http.get(`/v1/ledger/entries/${fund.position}/proof`).set(bearer(KEYS.auditor)).expect(200);
    await t.http.get('/v1/ledger/entries/99999/proof').set(bearer(KEYS.auditor)).expect(404);
  });
}

describe('checkpoints and proofs [sqlite]', () => treeSuite('sqlite'));
describePostgres('checkpoints and proofs', () => treeSuite('postgres'));
