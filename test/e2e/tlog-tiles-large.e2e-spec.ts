import { expect } from '@jest/globals';
import { startTestApp, TestApp } from '../support/app';
import { TileTree } from '../support/tile-verifier';
import { appendProbes, checkpointOf, injector, tileFetch } from '../support/tlog-client';

/**
 * C2SP tlog-tiles on a tree of three tile levels (test/e2e/tlog-tiles.e2e-spec.ts has every size up to
 * 1,000): SQLite only, for the time 100,000 appends take.
 */

describe('C2SP tlog-tiles at 100,000 entries [sqlite]', () => {
  let t: TestApp;
  let get: ReturnType<typeof injector>;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    get = injector(t);
    await appendProbes(t, 100_000);
  }, 120_000);
  afterAll(async () => t.close());

  it('gives, from tiles of three levels alone, the checkpoint root and the proof routes’ proofs', async () => {
    const { size, root } = checkpointOf((await get('/tlog/checkpoint')).body.toString());
    expect(size).toBe(100_000);
    const tree = new TileTree(size, tileFetch(get));
    expect((await tree.root()).toString('base64')).toBe(root);
    // Either side of the 65,536-leaf subtree (a level-2 tile hash) and of a 256-leaf one, and the edges.
    for (const position of [1, 256, 257, 65_536, 65_537, 99_841, 99_999, 100_000, 12_345, 77_777]) {
      expect({ position, path: (await tree.inclusion(position - 1)).map((h) => h.toString('base64')) }).toEqual({
        position,
        path: (
          JSON.parse((await get(`/v1/ledger/proofs/inclusion?position=${position}&treeSize=${size}`)).body.toString()) as {
            auditPath: string[];
          }
        ).auditPath,
      });
      expect({ from: position, proof: (await tree.consistency(position)).map((h) => h.toString('base64')) }).toEqual({
        from: position,
        proof: (JSON.parse((await get(`/v1/ledger/proofs/consistency?from=${position}&to=${size}`)).body.toString()) as { proof: string[] })
          .proof,
      });
    }
  });

  it('never changes a full tile of level 1, nor partial tiles of levels 1 and 2, as the tree grows', async () => {
    const paths = ['1/000', '1/001.p/134', '2/000.p/1', '0/390.p/160', '0/389'];
    const before = await Promise.all(paths.map(async (p) => get(`/tlog/tile/${p}`)));
    expect(before.map((r) => [r.status, r.body.length])).toEqual([256, 134, 1, 160, 256].map((w) => [200, w * 32]));
    expect(before[0].headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await appendProbes(t, 1000);
    expect(checkpointOf((await get('/tlog/checkpoint')).body.toString()).size).toBe(101_000);
    const after = await Promise.all(paths.map(async (p) => (await get(`/tlog/tile/${p}`)).body));
    expect(after).toEqual(before.map((r) => r.body));
    expect((await get('/tlog/tile/1/001.p/138')).body.subarray(0, 134 * 32)).toEqual(before[1].body);
  });
});
