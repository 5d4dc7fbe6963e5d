import { expect } from '@jest/globals';
import { publicEnvelope } from '../../src/transparency/entry-disclosure';
import { KEYS, startTestApp, TestApp } from '../support/app';
import { award, contract, contractor, expectCreated, fund, post, project, tender } from '../support/lifecycle';
import { describePostgres } from '../support/postgres-server';
import { leafOf, splitBundle } from '../support/tile-verifier';
import { appendProbes, injector } from '../support/tlog-client';

/**
 * Entry bundles (README "C2SP tlog-tiles"): each entry's bytes hash to its leaf in the level-0 tile;
 * a bundle holding a sealed entry (a signed contract not yet announced) is for auditors only.
 */
function bundlesSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let get: ReturnType<typeof injector>;
  /** Widths of the second bundle: the project, tender and award; then the signed contract too. */
  let open: number;
  let signed: number;
  const auditor = { Authorization: `Bearer ${KEYS.auditor}` };
  const purchaser = { Authorization: `Bearer ${KEYS.purchaserJilin}` };
  const width = async (): Promise<number> => (await t.store.head()) - 256;

  /** The bundle's entries, checked against the level-0 tile of the same width and against the ledger. */
  async function expectEntries(path: string, bytes: Buffer): Promise<void> {
    const [n, w] = path.split('.p/');
    const entries = splitBundle(bytes);
    const tile = await get(`/tlog/tile/0/${path}`);
    expect(entries.map(leafOf)).toEqual(Array.from({ length: Number(w ?? 256) }, (_, i) => tile.body.subarray(i * 32, i * 32 + 32)));
    const stored = await t.store.readAll(Number(n) * 256, entries.length);
    expect(entries.map((e) => JSON.parse(e.toString('utf8')) as unknown)).toEqual(
      stored.map((e) => {
        const { leafHash: _l, ...envelope } = publicEnvelope(e);
        return envelope;
      }),
    );
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    get = injector(t);
    await expectCreated(post(t, '/v1/funds', fund()));
    await expectCreated(post(t, '/v1/contractors', contractor(), KEYS.purchaserJilin));
    await appendProbes(t, 256 - (await t.store.head()));
    await expectCreated(post(t, '/v1/projects', project({ internalNote: '内部备注 only-for-auditors' }), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    open = await width();
    await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(), KEYS.purchaserJilin));
    signed = await width();
  });
  afterAll(async () => t.close());

  it('serves a full bundle with nothing sealed to anyone, immutable, each entry the bytes its leaf hash covers', async () => {
    const res = await get('/tlog/tile/entries/000');
    expect([res.status, res.headers['content-type'], res.headers['cache-control'], res.headers['access-control-allow-origin']]).toEqual([
      200,
      'application/octet-stream',
      'public, max-age=31536000, immutable',
      '*',
    ]);
    await expectEntries('000', res.body);
    const again = await get('/tlog/tile/entries/000', { 'If-None-Match': String(res.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('serves a bundle holding a sealed entry (a contract signed, not announced) to auditors only: 401 without a key, 403 for other roles', async () => {
    for (const path of [`001.p/${signed}`, `001.p/${open + 1}`]) {
      const anonymous = await get(`/tlog/tile/entries/${path}`);
      expect([path, anonymous.status, anonymous.headers['www-authenticate'], anonymous.headers['cache-control']]).toEqual([
        path,
        401,
        'Bearer realm="ledger"',
        'no-store',
      ]);
      expect(JSON.parse(anonymous.body.toString())).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      const other = await get(`/tlog/tile/entries/${path}`, purchaser);
      expect([path, other.status, (JSON.parse(other.body.toString()) as { code: string }).code]).toEqual([path, 403, 'FORBIDDEN']);
      const audited = await get(`/tlog/tile/entries/${path}`, auditor);
      expect([path, audited.status, audited.headers['content-type'], audited.headers['cache-control']]).toEqual([
        path,
        200,
        'application/octet-stream',
        'private, no-store',
      ]);
      await expectEntries(path, audited.body);
    }
  });

  it('serves the part before the contract to anyone: the public envelopes, without the private part', async () => {
    const res = await get(`/tlog/tile/entries/001.p/${open}`);
    expect([res.status, res.headers['cache-control'], res.headers['access-control-allow-origin']]).toEqual([200, 'public, max-age=5', '*']);
    await expectEntries(`001.p/${open}`, res.body);
    expect(res.body.toString()).toContain('"privateDigest"');
    expect(res.body.toString()).not.toContain('only-for-auditors');
    expect((await get('/tlog/tile/entries/001')).status).toBe(404);
    expect((await get(`/tlog/tile/entries/001.p/${signed + 1}`)).status).toBe(404);
  });

  it('opens the bundle to anyone once the contract is announced', async () => {
    await expectCreated(
      post(
        t,
        '/v1/contracts/cc-2024-001-c1/announcement',
        { announcedAt: '2024-03-26', url: 'https://www.ccgp-jilin.gov.cn/n/1' },
        KEYS.purchaserJilin,
      ),
    );
    const announced = await width();
    for (const w of [signed, announced]) {
      const res = await get(`/tlog/tile/entries/001.p/${w}`);
      expect([w, res.status]).toEqual([w, 200]);
      await expectEntries(`001.p/${w}`, res.body);
    }
    expect((await get('/tlog/tile/entries/001.p/1')).status).toBe(200);
  });
}

describe('C2SP tlog-tiles entry bundles [sqlite]', () => bundlesSuite('sqlite'));
describePostgres('C2SP tlog-tiles entry bundles', () => bundlesSuite('postgres'));
