import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { XZCF_ITEMS } from '../../projections/credit_xzcf/credit_xzcf.projection';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { C, CLOCK, CONTRACTOR, seedContract } from '../support/signed-contract';

const BUYER = KEYS.purchaserChangchun;
const SENTINEL = 'SENTINEL-XZCF-NOTE';
const AUTHORITY = { name: '长春市民政局', uscc: '112201000135442479' };
/** Fines whose 万元 form shows each digit's place: 1 万元 = 1,000,000 fen. */
const FINES: [string, number, string][] = [
  ['pen-1', 123_456, '0.123456'],
  ['pen-2', 1, '0.000001'],
  ['pen-3', 100_000_000, '100.000000'],
  ['pen-4', 98_765_432_101, '98765.432101'],
  ['pen-5', 50_000, '0.050000'], // revoked
];
/** Text a CSV writer must quote, and a cell a spreadsheet would run as a formula. */
const FACTS = '伪造入户记录, 共 "12" 户\n另查实多报人次';
const FORMULA = '=HYPERLINK("https://evil.example","点击")';

const penalty = (penaltyId: string, fine: number, over: Record<string, unknown> = {}) => ({
  penaltyId,
  violationIds: ['v-1'],
  decidedAt: '2024-07-01',
  authority: AUTHORITY,
  decisionNumber: `长民罚〔2024〕${penaltyId}号`,
  legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
  facts: FACTS,
  penaltyCategories: ['fine'],
  content: penaltyId === 'pen-1' ? FORMULA : `罚款`,
  fine,
  internalNote: SENTINEL,
  ...over,
});

async function ok(t: TestApp, path: string, body: object): Promise<Response> {
  const res = await t.http.post(path).set(bearer(BUYER)).send(body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** The raw bytes of a response (supertest would decode text and drop the BOM). */
const raw = (res: Response, done: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

type Item = Record<string, string>;
interface Page {
  items: Item[];
  nextCursor: string;
}
const problemCode = (res: Response): string => (res.body as { code: string }).code;

function exchangeSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let head: number;
  const xzcf = (query: Record<string, string | number> = {}, key: string = KEYS.creditPlatform) =>
    t.http
      .get('/v1/credit/penalties/xzcf')
      .query({ minPosition: head, ...query })
      .set(bearer(key));
  const page = async (query: Record<string, string | number> = {}): Promise<Page> => (await xzcf(query).expect(200)).body as Page;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await seedContract(t);
    const violation = { kind: 'fraud', occurredAt: '2024-06-01', description: '伪造入户调查记录', internalNote: SENTINEL };
    await ok(t, `/v1/contracts/${C}/violations`, { ...violation, violationId: 'v-1', severity: 'serious' });
    await ok(t, `/v1/contracts/${C}/violations`, { ...violation, violationId: 'v-2', severity: 'minor', description: '迟交月报' });
    for (const [id, fine] of FINES) await ok(t, `/v1/contracts/${C}/penalties`, penalty(id, fine));
    // Minor: not published, so not listed.
    await ok(
      t,
      `/v1/contracts/${C}/penalties`,
      penalty('pen-minor', 0, { violationIds: ['v-2'], penaltyCategories: ['warning'], fine: undefined }),
    );
    const revoked = await ok(t, '/v1/penalties/pen-5/revocation', {
      decidedAt: '2024-09-01',
      reason: '行政复议撤销',
      internalNote: SENTINEL,
    });
    head = (revoked.body as { position: number }).position;
  });
  afterAll(async () => t.close());

  it('JSON: one object per published penalty with exactly the CF_* keys; revoked last, stated in BZ; minor not listed', async () => {
    const res = await xzcf().expect(200);
    const { items, nextCursor } = res.body as Page;
    expect(items.map((i) => Object.keys(i))).toEqual(items.map(() => [...XZCF_ITEMS]));
    // pen-5 was revoked: last, a withdrawal notice without its fine.
    expect(items.map((i) => [i.CF_WSH, i.CF_NR_FK])).toEqual([
      ['长民罚〔2024〕pen-1号', '0.123456'],
      ['长民罚〔2024〕pen-2号', '0.000001'],
      ['长民罚〔2024〕pen-3号', '100.000000'],
      ['长民罚〔2024〕pen-4号', '98765.432101'],
      ['长民罚〔2024〕pen-5号', ''],
    ]);
    expect(items[0]).toMatchObject({
      CF_XDR_MC: '长春市阳光社会工作服务中心',
      CF_XDR_LB: '法人及非法人组织',
      CF_XDR_SHXYM: CONTRACTOR,
      CF_WFXW: '弄虚作假',
      CF_SY: FACTS,
      CF_CFLB: '罚款',
      CF_NR: FORMULA,
      CF_JDRQ: '2024-07-01',
      CF_CFJG: AUTHORITY.name,
      CF_CFJGDM: AUTHORITY.uscc,
      BZ: '账本处罚编号：pen-1',
    });
    expect(items[0].CF_GSJZQ).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(items[4]).toMatchObject({ CF_SY: '', CF_NR: '', CF_CFLB: '', CF_JDRQ: '2024-07-01', CF_CFJGDM: AUTHORITY.uscc });
    expect(items[4].BZ).toBe('账本处罚编号：pen-5；状态：已撤销（2024-09-01撤销决定），不再公示');
    expect(res.headers['x-next-cursor']).toBe(nextCursor);
  });

  it('CSV: UTF-8 with BOM, a header of the codes, quoting that a CSV parser reads back, 万元 exact, formulas guarded', async () => {
    const res = await xzcf().set('Accept', 'text/csv').buffer(true).parse(raw).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse<Item>(bytes, { bom: true, columns: true });
    const [header]: string[][] = parse(bytes, { bom: true, to_line: 1 });
    expect(header).toEqual([...XZCF_ITEMS]);
    const json = (await page()).items;
    expect(rows.map((r) => r.CF_NR_FK)).toEqual([...FINES.slice(0, 4).map(([, , wan]) => wan), '']);
    // The 万元 figures give the fen back exactly.
    expect(rows.slice(0, 4).map((r) => Number(r.CF_NR_FK.replace('.', '')))).toEqual(FINES.slice(0, 4).map(([, fen]) => fen));
    expect(rows[0].CF_SY).toBe(FACTS);
    expect(rows[0].CF_NR).toBe(`'${FORMULA}`);
    // Everything else is the JSON form, cell for cell.
    expect(rows.map((r) => ({ ...r, CF_NR: r.CF_NR.replace(/^'/, '') }))).toEqual(json);
    expect(bytes.toString('utf8')).toContain('\r\n');
  });

  it('keyset pages: limit and after walk every item once, in order; the cursor of an empty page stays; a bad cursor is a 400', async () => {
    const all = (await page()).items;
    const seen: Item[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const next = await page({ limit: 1, ...(after ? { after } : {}) });
      if (next.items.length === 0) {
        expect(next.nextCursor).toBe(after);
        break;
      }
      seen.push(...next.items);
      after = next.nextCursor;
    }
    expect(seen).toEqual(all);
    const csvPage = await xzcf({ limit: 2 }).set('Accept', 'text/csv').expect(200);
    const second = await page({ limit: 2, after: String(csvPage.headers['x-next-cursor']) });
    expect(second.items).toEqual(all.slice(2, 4));
    expect(all).toHaveLength(5);
    // A ledger position: after every change up to it (the revocation is the last).
    expect((await page({ after: head })).items).toEqual([]);
    for (const bad of [{ after: 'nope' }, { limit: 0 }, { limit: 1001 }] as Record<string, string | number>[]) {
      expect(problemCode(await xzcf(bad).expect(400))).toBe('VALIDATION_FAILED');
    }
  });

  it('credit platforms and auditors read it (and admin); purchasers may not; a key is needed', async () => {
    for (const key of [KEYS.creditPlatform, KEYS.auditor, KEYS.admin]) await xzcf({}, key).expect(200);
    for (const key of [KEYS.purchaserChangchun, KEYS.purchaserJilin])
      expect(problemCode(await xzcf({}, key).expect(403))).toBe('FORBIDDEN');
    await t.http.get('/v1/credit/penalties/xzcf').expect(401);
  });

  it('never shows a private part, in JSON or CSV, which the raw ledger holds', async () => {
    const texts = [
      (await xzcf()).text,
      (await xzcf().set('Accept', 'text/csv')).text,
      (await t.http.get('/v1/credit/feed').set(bearer(KEYS.creditPlatform))).text,
    ];
    for (const text of texts) expect(text).not.toContain(SENTINEL);
    const ledger = await t.http.get('/v1/ledger/events').query({ limit: 1000 }).set(bearer(KEYS.auditor)).expect(200);
    expect(ledger.text).toContain(SENTINEL);
  });
}

describe('credit exchange: GET /v1/credit/penalties/xzcf [sqlite]', () => exchangeSuite('sqlite'));
describePostgres('credit exchange: GET /v1/credit/penalties/xzcf', () => exchangeSuite('postgres'));
