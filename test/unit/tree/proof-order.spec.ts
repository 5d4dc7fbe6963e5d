import { expect } from '@jest/globals';
import { createHash, webcrypto } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { consistencyOrder, FrontierFold, inclusionOrder, mergesOnAppend } from '../../../src/ledger/tree/proof-order';
import { referenceRoot } from '../../support/reference-merkle';

/**
 * The order of hashing shared by the Node verifier and the portal's browser check (src/ledger/tree/proof-order.ts),
 * folded here as the browser folds it — with an async Web Crypto SHA-256 over plain bytes — against the public
 * vectors (transparency-dev/merkle testdata) and the reference MTH.
 */
const VECTORS = resolve(__dirname, '../../fixtures/merkle-vectors');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.json') ? [path] : [];
  });

const bytes = (b64: unknown): Uint8Array => Uint8Array.from(Buffer.from(typeof b64 === 'string' ? b64 : '', 'base64'));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await webcrypto.subtle.digest('SHA-256', Buffer.concat([Buffer.from([1]), left, right])));
}

async function inclusionHolds(d: Record<string, unknown>): Promise<boolean> {
  const proof = ((d.proof as string[] | null) ?? []).map(bytes);
  const sides = inclusionOrder(d.leafIdx as number, d.treeSize as number, proof.length);
  const [leaf, root] = [bytes(d.leafHash), bytes(d.root)];
  if (!sides || ![leaf, root, ...proof].every((h) => h.length === 32)) return false;
  let r = leaf;
  for (const [i, p] of proof.entries()) r = sides[i] === 'left' ? await nodeHash(p, r) : await nodeHash(r, p);
  return same(r, root);
}

async function consistencyHolds(d: Record<string, unknown>): Promise<boolean> {
  const proof = ((d.proof as string[] | null) ?? []).map(bytes);
  const [root1, root2] = [bytes(d.root1), bytes(d.root2)];
  const plan = consistencyOrder(d.size1 as number, d.size2 as number, proof.length);
  if (!plan) return false;
  if (plan.sameTree) return proof.length === 0 && same(root1, root2);
  if (![root1, root2, ...proof].every((h) => h.length === 32)) return false;
  const path = plan.seedIsRoot1 ? [root1, ...proof] : proof;
  let [fr, sr] = [path[0], path[0]];
  for (const [i, step] of plan.steps.entries()) {
    const c = path[i + 1];
    if (step === 'both') [fr, sr] = [await nodeHash(c, fr), await nodeHash(c, sr)];
    else sr = await nodeHash(sr, c);
  }
  return same(fr, root1) && same(sr, root2);
}

describe('the shared RFC 9162 order of hashing (proof-order.ts)', () => {
  const all = files(VECTORS);

  it.each(all.map((f) => [relative(VECTORS, f), f]))(
    '%s: folded with async Web Crypto, gives the vector’s outcome',
    async (_name, file) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { wantErr: boolean };
      const holds = file.includes('/inclusion/') ? await inclusionHolds(doc) : await consistencyHolds(doc);
      expect(holds).toBe(!doc.wantErr);
    },
  );

  it('refuses sizes and proof lengths no proof can have', () => {
    expect(inclusionOrder(3, 3, 2)).toBeNull();
    expect(inclusionOrder(0, 4, 1)).toBeNull(); // too short: 4 leaves need 2 hashes
    expect(inclusionOrder(0, 4, 3)).toBeNull(); // too long
    expect(inclusionOrder(0, 4, 2)).toEqual(['right', 'right']);
    expect(inclusionOrder(3, 4, 2)).toEqual(['left', 'left']);
    expect(inclusionOrder(4, 5, 1)).toEqual(['left']);
    expect(consistencyOrder(0, 4, 1)).toBeNull();
    expect(consistencyOrder(5, 4, 1)).toBeNull();
    expect(consistencyOrder(4, 4, 0)).toEqual({ sameTree: true });
    expect(consistencyOrder(3, 4, 0)).toBeNull();
  });

  it('counts the merges of an append as the trailing one bits of the index, past 2^32 too', () => {
    expect([0, 1, 2, 3, 7, 8].map(mergesOnAppend)).toEqual([0, 1, 0, 2, 3, 0]);
    expect(mergesOnAppend(2 ** 33 - 1)).toBe(33);
  });

  it('grows the root of a list of leaves as RFC 9162 MTH defines it, for every size up to 70', async () => {
    const leaves = Array.from({ length: 70 }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest());
    const fold = new FrontierFold<Uint8Array>(nodeHash);
    const empty = new Uint8Array(createHash('sha256').digest());
    expect(same(await fold.root(empty), referenceRoot([]))).toBe(true);
    for (const [i, leaf] of leaves.entries()) {
      await fold.append(leaf);
      expect(fold.size).toBe(i + 1);
      expect(same(await fold.root(empty), referenceRoot(leaves.slice(0, i + 1)))).toBe(true);
    }
  });
});
