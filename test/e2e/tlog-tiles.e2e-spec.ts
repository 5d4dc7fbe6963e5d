import { expect } from '@jest/globals';
import { startTestApp, TestApp } from '../support/app';
import { describePostgres } from '../support/postgres-server';
import { appendProbes, checkpointOf, injector, tileFetch } from '../support/tlog-client';
import { TileTree } from '../support/tile-verifier';

/**
 * C2SP tlog-tiles (README "C2SP tlog-tiles"): an independent client (test/support/tile-verifier.ts)
 * that knows the tree only by its tiles derives every proof, and each must be the one the proof routes
 * give; tiles once full never change.
 */

const b64 = (hashes: Buffer[]): string[] => hashes.map((h) => h.toString('base64'));

function tilesSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let get: ReturnType<typeof injector>;
  const tiles = new Map<string, Promise<Buffer>>();
  const proofs = {
    inclusion: async (position: number, treeSize: number): Promise<string[]> => {
      const res = await get(`/v1/ledger/proofs/inclusion?position=${position}&treeSize=${treeSize}`);
      expect(res.status).toBe(200);
      return (JSON.parse(res.body.toString()) as { auditPath: string[] }).auditPath;
    },
    consistency: async (from: number, to: number): Promise<string[]> => {
      const res = await get(`/v1/ledger/proofs/consistency?from=${from}&to=${to}`);
      expect(res.status).toBe(200);
      return (JSON.parse(res.body.toString()) as { proof: string[] }).proof;
    },
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    get = injector(t);
    await appendProbes(t, 1000);
  });
  afterAll(async () => t.close());

  it('serves the latest signed checkpoint, whose root the tiles alone give', async () => {
    const res = await get('/tlog/checkpoint');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=5');
    expect(res.body.toString()).toBe((await get('/v1/ledger/checkpoint')).body.toString());
    const { size, root } = checkpointOf(res.body.toString());
    expect(size).toBe(1000);
    expect((await new TileTree(size, tileFetch(get), tiles).root()).toString('base64')).toBe(root);
  });

  it('gives, from tiles alone, the inclusion and consistency proofs of the proof routes for every tree size up to 1,000', async () => {
    const check = async (tree: TileTree, position: number): Promise<void> => {
      const size = tree.size;
      expect({ size, position, path: b64(await tree.inclusion(position - 1)) }).toEqual({
        size,
        position,
        path: await proofs.inclusion(position, size),
      });
      expect({ size, from: position, proof: b64(await tree.consistency(position)) }).toEqual({
        size,
        from: position,
        proof: await proofs.consistency(position, size),
      });
    };
    // Each size with one position that moves along (the last one of every size too, in turn); a few
    // sizes at once, as clients come (PostgreSQL answers them side by side).
    for (let from = 1; from <= 1000; from += 25) {
      const sizes = Array.from({ length: 25 }, (_, i) => from + i);
      await Promise.all(
        sizes.map((size) => check(new TileTree(size, tileFetch(get), tiles), size % 7 === 0 ? size : 1 + (((size * 389) % 1009) % size))),
      );
    }
    // And every tenth position of the largest tree.
    const head = new TileTree(1000, tileFetch(get), tiles);
    await Promise.all(Array.from({ length: 100 }, (_, i) => check(head, 10 * i + 1)));
  }, 180_000);

  it('answers full tiles as immutable and partial ones as fresh, and 404 for a tile the tree has not reached', async () => {
    const full = await get('/tlog/tile/0/000');
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('application/octet-stream');
    expect(full.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(full.body.length).toBe(256 * 32);
    const again = await get('/tlog/tile/0/000', { 'If-None-Match': String(full.headers.etag) });
    expect([again.status, again.body.length]).toEqual([304, 0]);
    const partial = await get('/tlog/tile/0/003.p/232');
    expect([partial.status, partial.headers['cache-control'], partial.body.length]).toEqual([200, 'public, max-age=5', 232 * 32]);
    // A narrower partial tile (a client of an older checkpoint) is the same hashes' first part.
    expect((await get('/tlog/tile/0/003.p/7')).body).toEqual(partial.body.subarray(0, 7 * 32));
    expect((await get('/tlog/tile/1/000.p/3')).body.length).toBe(3 * 32);
    for (const missing of ['0/003', '0/003.p/233', '0/004.p/1', '1/000', '1/000.p/4', '2/000.p/1', 'entries/004.p/1'])
      expect({ missing, status: (await get(`/tlog/tile/${missing}`)).status }).toEqual({ missing, status: 404 });
    const refused = {
      '0/3': 'N',
      '0/x000/003': 'N',
      '0/003.p/256': 'N',
      '0/003.p/0': 'N',
      'entries/3': 'N',
      '64/000': 'L',
      '01/000': 'L',
      'a/000': 'L',
    };
    for (const [bad, param] of Object.entries(refused)) {
      const res = await get(`/tlog/tile/${bad}`);
      const problem = JSON.parse(res.body.toString()) as { code: string; errors: { path: string }[] };
      expect({ bad, status: res.status, type: res.headers['content-type'], code: problem.code, at: problem.errors[0].path }).toEqual({
        bad,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
        code: 'VALIDATION_FAILED',
        at: `params.${param}`,
      });
    }
    // The refusal does not echo the path it refuses.
    const long = await get(`/tlog/tile/0/${'x123/'.repeat(400)}000`);
    expect([long.status, long.body.toString().includes('x123')]).toEqual([400, false]);
  });

  it('never changes a full tile, nor a partial one of a given width, as the tree grows', async () => {
    const paths = ['0/000', '0/001', '0/002', '0/003.p/232', '1/000.p/3'];
    const before = await Promise.all(paths.map(async (p) => (await get(`/tlog/tile/${p}`)).body));
    await appendProbes(t, 300);
    expect(checkpointOf((await get('/tlog/checkpoint')).body.toString()).size).toBe(1300);
    const after = await Promise.all(paths.map(async (p) => (await get(`/tlog/tile/${p}`)).body));
    expect(after).toEqual(before);
    const grown = await get('/tlog/tile/0/003');
    expect([grown.status, grown.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect(grown.body.subarray(0, 232 * 32)).toEqual(before[3]);
    expect((await get('/tlog/tile/1/000.p/5')).body.subarray(0, 3 * 32)).toEqual(before[4]);
    const tree = new TileTree(1300, tileFetch(get));
    expect((await tree.root()).toString('base64')).toBe(checkpointOf((await get('/tlog/checkpoint')).body.toString()).root);
  });
}

describe('C2SP tlog-tiles [sqlite]', () => tilesSuite('sqlite'));
describePostgres('C2SP tlog-tiles', () => tilesSuite('postgres'));
