import { expect } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import {
  award,
  contract,
  contractor,
  CONTRACTOR,
  expectCreated,
  fund,
  OTHER_CONTRACTOR,
  post,
  project,
  tender,
} from '../support/lifecycle';

/**
 * Issue 16: GET /v1/disclosure/projects takes the portal's query string — search, region roll-up, filters, date range,
 * sorts, pages and totals, CSV — and refuses any parameter it does not know. Six projects in Jilin (province, city,
 * two in a Changchun county, one in Jilin city) and Inner Mongolia, at every public status.
 */
const JL = KEYS.purchaserJilin;
const NM = KEYS.purchaserInnerMongolia;
const SENTINELS = ['SENTINEL-LIST-NAME-王', 'SENTINEL-LIST-ID-220102', 'SENTINEL-LIST-NEEDS', 'SENTINEL-LIST-NOTE'];
const NOTE = { internalNote: SENTINELS[3] };
const RECIPIENTS = [{ name: SENTINELS[0], idNumber: SENTINELS[1], needs: SENTINELS[2] }];
/** A title a spreadsheet would run as a formula: the CSV must quote it as text. */
const FORMULA_TITLE = '=1+1 吉林省社会救助政策宣传';

interface Item {
  readonly projectId: string;
  readonly status: string;
  readonly project: { readonly title: string; readonly budget: number };
  readonly contracts: readonly { readonly contractId: string }[];
}
interface ListPage {
  readonly items: Item[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly pages: number;
}

const raw = (res: Response, done: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

function listSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let head: number;

  beforeAll(async () => {
    t = await startTestApp(kind);
    for (const [region, fiscalYear] of [
      ['220000', 2024],
      ['220100', 2024],
      ['220102', 2024],
      ['220203', 2023],
      // Inner Mongolia caps a year by the previous year's funds (003 §一(三)).
      ['150102', 2023],
    ] as const) {
      await expectCreated(post(t, '/v1/funds', fund({ region, fiscalYear })));
    }
    await expectCreated(post(t, '/v1/contractors', contractor({ ...NOTE }), JL));
    await expectCreated(
      post(t, '/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR, name: '草原 SmartCare 服务社', region: '150102' }), NM),
    );
    const register = (over: Record<string, unknown>, key: string = JL) => expectCreated(post(t, '/v1/projects', project(over), key));
    // A: the province itself, registered only.
    await register({
      projectId: 'jl-prov-1',
      region: '220000',
      registeredOn: '2024-01-10',
      purchaser: { code: '220000000000', name: '吉林省民政厅' },
      title: FORMULA_TITLE,
      category: 'affairs.publicity',
      budget: 5_000_000,
    });
    // B: Changchun, its tender published by public tender.
    await register({
      projectId: 'cc-city-1',
      region: '220100',
      registeredOn: '2024-02-01',
      purchaser: { code: '220100000000', name: '长春市民政局' },
      title: '长春市困难群众心理疏导',
      category: 'service.counselling',
      budget: 8_000_000,
    });
    await expectCreated(
      post(t, '/v1/projects/cc-city-1/tender', tender({ method: 'public_tender', publishedAt: '2024-02-05', priceCeiling: 8_000_000 }), JL),
    );
    // C: Nanguan county, through an announced contract; private data on every command.
    await register({ recipients: RECIPIENTS, ...NOTE }); // cc-2024-001, 220102, 2024-01-15, service.care, 15,000,000
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(NOTE), JL));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(NOTE), JL));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(NOTE), JL));
    await expectCreated(
      post(t, '/v1/contracts/cc-2024-001-c1/announcement', { announcedAt: '2024-03-26', url: 'https://ccgp.example/c1', ...NOTE }, JL),
    );
    // D: Nanguan county, awarded to the other contractor, a Latin word in its title.
    await register({
      projectId: 'cc-2024-002',
      registeredOn: '2024-03-05',
      title: 'SmartCare 智慧养老需求评估',
      category: 'affairs.needs_assessment',
      budget: 4_000_000,
    });
    await expectCreated(post(t, '/v1/projects/cc-2024-002/tender', tender({ publishedAt: '2024-03-10', priceCeiling: 4_000_000 }), JL));
    await expectCreated(
      post(
        t,
        '/v1/projects/cc-2024-002/award',
        award({ contractorUscc: OTHER_CONTRACTOR, amount: 3_900_000, awardedAt: '2024-03-25' }),
        JL,
      ),
    );
    // E: Jilin city's Longtan district (2202xx, outside Changchun), fiscal year 2023.
    await register({
      projectId: 'jl-2023-001',
      region: '220203',
      fiscalYear: 2023,
      registeredOn: '2023-06-01',
      purchaser: { code: '220203000000', name: '吉林市龙潭区民政局' },
      title: '龙潭区社区照顾服务',
      category: 'service.community_care',
      budget: 6_000_000,
    });
    // F: Inner Mongolia, awarded.
    await register(
      {
        projectId: 'nm-2024-001',
        region: '150102',
        registeredOn: '2024-01-20',
        purchaser: { code: '150102000000', name: '呼和浩特市新城区民政局' },
        title: '新城区居家照料服务',
        budget: 12_000_000,
      },
      NM,
    );
    await expectCreated(post(t, '/v1/projects/nm-2024-001/tender', tender({ priceCeiling: 12_000_000 }), NM));
    await expectCreated(post(t, '/v1/projects/nm-2024-001/award', award({ contractorUscc: OTHER_CONTRACTOR, amount: 11_000_000 }), NM));
    head = await t.store.head();
  });
  afterAll(async () => t.close());

  const list = async (query: Record<string, string | number> = {}): Promise<ListPage> =>
    bodyOf<ListPage>(
      await t.http
        .get('/v1/disclosure/projects')
        .query({ minPosition: head, ...query })
        .expect(200),
    );
  const ids = async (query: Record<string, string | number> = {}): Promise<string[]> => (await list(query)).items.map((i) => i.projectId);
  const refused = async (query: string): Promise<ProblemBody> => {
    const res = await t.http.get(`/v1/disclosure/projects?${query}`).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return bodyOf<ProblemBody>(res);
  };
  const csv = (query: Record<string, string | number>) =>
    t.http
      .get('/v1/disclosure/projects')
      .query({ minPosition: head, ...query })
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse(raw)
      .expect(200);

  const BY_DATE = ['jl-2023-001', 'jl-prov-1', 'cc-2024-001', 'nm-2024-001', 'cc-city-1', 'cc-2024-002'];
  const BY_BUDGET = ['cc-2024-002', 'jl-prov-1', 'jl-2023-001', 'cc-city-1', 'nm-2024-001', 'cc-2024-001'];

  it('without a query: every project by registration date, with the total, the page info and each public status', async () => {
    const all = await list();
    expect({ page: all.page, pageSize: all.pageSize, total: all.total, pages: all.pages }).toEqual({
      page: 1,
      pageSize: 20,
      total: 6,
      pages: 1,
    });
    expect(all.items.map((i) => [i.projectId, i.status])).toEqual([
      ['jl-2023-001', 'registered'],
      ['jl-prov-1', 'registered'],
      ['cc-2024-001', 'contracted'],
      ['nm-2024-001', 'awarded'],
      ['cc-city-1', 'tendered'],
      ['cc-2024-002', 'awarded'],
    ]);
    expect(all.items[2].contracts.map((c) => c.contractId)).toEqual(['cc-2024-001-c1']);
    const one = await t.http.get('/v1/disclosure/projects/cc-city-1').expect(200);
    expect(bodyOf<Item>(one).status).toBe('tendered');
  });

  it('region: a province takes its cities and counties, a city its counties, a county itself', async () => {
    expect(await ids({ region: '220000' })).toEqual(['jl-2023-001', 'jl-prov-1', 'cc-2024-001', 'cc-city-1', 'cc-2024-002']);
    expect(await ids({ region: '220100' })).toEqual(['cc-2024-001', 'cc-city-1', 'cc-2024-002']);
    expect(await ids({ region: '220102' })).toEqual(['cc-2024-001', 'cc-2024-002']);
    expect(await ids({ region: '220200' })).toEqual(['jl-2023-001']);
    expect(await ids({ region: '150000' })).toEqual(['nm-2024-001']);
    expect(await ids({ region: '150102' })).toEqual(['nm-2024-001']);
    expect(await ids({ region: '220101' })).toEqual([]);
    expect((await list({ region: '110000' })).total).toBe(0);
  });

  it('q: the title, the purchaser name or the contractor name contains it; Latin letters in any case; % and _ are literal', async () => {
    expect(await ids({ q: '照料' })).toEqual(['cc-2024-001', 'nm-2024-001']);
    expect(await ids({ q: '吉林省民政厅' })).toEqual(['jl-prov-1']); // purchaser
    expect(await ids({ q: '阳光社会工作' })).toEqual(['cc-2024-001']); // awarded contractor
    expect(await ids({ q: '草原' })).toEqual(['nm-2024-001', 'cc-2024-002']); // the other contractor's name
    expect(await ids({ q: 'smartcare' })).toEqual(['nm-2024-001', 'cc-2024-002']);
    expect(await ids({ q: '  SMARTCARE 智慧 ' })).toEqual(['cc-2024-002']);
    expect(await ids({ q: 'ＳＭＡＲＴcare' })).toEqual(['nm-2024-001', 'cc-2024-002']); // full-width as half-width (NFKC)
    expect(await ids({ q: '=1+1' })).toEqual(['jl-prov-1']);
    expect(await ids({ q: '%' })).toEqual([]);
    expect(await ids({ q: '_' })).toEqual([]);
    // Private text is not searchable: it is not in the read model.
    expect(await ids({ q: SENTINELS[0] })).toEqual([]);
  });

  it('fiscalYear, category, contractor, method and status, alone and together', async () => {
    expect(await ids({ fiscalYear: 2023 })).toEqual(['jl-2023-001']);
    expect(await ids({ fiscalYear: 2024 })).toEqual(BY_DATE.filter((id) => id !== 'jl-2023-001'));
    expect(await ids({ category: 'service.care' })).toEqual(['cc-2024-001', 'nm-2024-001']);
    expect(await ids({ contractor: CONTRACTOR })).toEqual(['cc-2024-001']);
    expect(await ids({ contractor: OTHER_CONTRACTOR })).toEqual(['nm-2024-001', 'cc-2024-002']);
    expect(await ids({ method: 'public_tender' })).toEqual(['cc-city-1']);
    expect(await ids({ method: 'competitive_consultation' })).toEqual(['cc-2024-001', 'nm-2024-001', 'cc-2024-002']);
    expect(await ids({ status: 'registered' })).toEqual(['jl-2023-001', 'jl-prov-1']);
    expect(await ids({ status: 'tendered' })).toEqual(['cc-city-1']);
    expect(await ids({ status: 'awarded' })).toEqual(['nm-2024-001', 'cc-2024-002']);
    expect(await ids({ status: 'contracted' })).toEqual(['cc-2024-001']);
    expect(await ids({ region: '220000', status: 'awarded', contractor: OTHER_CONTRACTOR, fiscalYear: 2024 })).toEqual(['cc-2024-002']);
    expect((await list({ region: '150000', method: 'public_tender' })).total).toBe(0);
  });

  it('from and to: inclusive, on registeredOn', async () => {
    expect(await ids({ from: '2024-01-15', to: '2024-02-01' })).toEqual(['cc-2024-001', 'nm-2024-001', 'cc-city-1']);
    expect(await ids({ from: '2024-02-01' })).toEqual(['cc-city-1', 'cc-2024-002']);
    expect(await ids({ to: '2024-01-10' })).toEqual(['jl-2023-001', 'jl-prov-1']);
    expect(await ids({ from: '2024-03-05', to: '2024-03-05' })).toEqual(['cc-2024-002']);
  });

  it('sort: by registration date or by budget, either way', async () => {
    expect(await ids({ sort: 'date' })).toEqual(BY_DATE);
    expect(await ids({ sort: '-date' })).toEqual([...BY_DATE].reverse());
    expect(await ids({ sort: 'amount' })).toEqual(BY_BUDGET);
    expect(await ids({ sort: '-amount' })).toEqual([...BY_BUDGET].reverse());
    expect((await list({ sort: 'amount' })).items.map((i) => i.project.budget)).toEqual([
      4_000_000, 5_000_000, 6_000_000, 8_000_000, 12_000_000, 15_000_000,
    ]);
  });

  it('page and pageSize: pages of the same order, the total on each, an empty page past the end; pageSize 1–100', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => list({ sort: 'amount', page, pageSize: 2 })));
    expect(pages.map((p) => p.items.map((i) => i.projectId))).toEqual([
      BY_BUDGET.slice(0, 2),
      BY_BUDGET.slice(2, 4),
      BY_BUDGET.slice(4),
      [],
    ]);
    expect(pages.map((p) => [p.page, p.pageSize, p.total, p.pages])).toEqual([
      [1, 2, 6, 3],
      [2, 2, 6, 3],
      [3, 2, 6, 3],
      [4, 2, 6, 3],
    ]);
    expect((await list({ pageSize: 100 })).pageSize).toBe(100);
    expect((await list({ pageSize: 1, region: '220100' })).pages).toBe(3);
    for (const query of ['pageSize=0', 'pageSize=101', 'pageSize=-1', 'pageSize=2.5', 'page=0', 'page=1000000', 'page=x'])
      expect((await refused(query)).errors?.[0].path).toBe(`query.${query.split('=')[0]}`);
  });

  it('an empty parameter is no filter (what a plain HTML form sends for "any")', async () => {
    expect(
      await ids({ q: '', region: '', fiscalYear: '', category: '', contractor: '', method: '', status: '', from: '', to: '' }),
    ).toEqual(BY_DATE);
    expect((await list({ sort: '', page: '', pageSize: '' })).pageSize).toBe(20);
  });

  it('an unknown or repeated parameter is a 400 VALIDATION_FAILED naming it, not ignored', async () => {
    const unknown = await refused('regoin=220000');
    expect(unknown).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(unknown.errors).toEqual([{ path: 'query.regoin', message: expect.stringContaining('is not a parameter of this route') }]);
    expect(unknown.detail).toContain('regoin');
    const two = await refused('limit=5&after=x&region=220000');
    expect(two.errors?.map((e) => e.path)).toEqual(['query.limit', 'query.after']);
    expect((await refused('region=220000&region=220100')).errors).toEqual([{ path: 'query.region', message: 'must be given once' }]);
  });

  it('documents exactly the parameters it takes (OpenAPI), each accepted', async () => {
    type Get = {
      parameters: { name: string; in: string }[];
      responses: { 200: { content: Record<string, { schema: { example?: string } }> } };
    };
    const doc = bodyOf<{ paths: Record<string, { get: Get }> }>(await t.http.get('/docs-json').expect(200));
    const route = doc.paths['/v1/disclosure/projects'].get;
    const names = route.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    expect([...names].sort()).toEqual(
      [
        'q',
        'region',
        'fiscalYear',
        'category',
        'contractor',
        'method',
        'status',
        'from',
        'to',
        'sort',
        'page',
        'pageSize',
        'minPosition',
      ].sort(),
    );
    const valid: Record<string, string | number> = {
      q: '照料',
      region: '220000',
      fiscalYear: 2024,
      category: 'service.care',
      contractor: CONTRACTOR,
      method: 'competitive_consultation',
      status: 'contracted',
      from: '2024-01-01',
      to: '2024-12-31',
      sort: '-amount',
      page: 1,
      pageSize: 100,
    };
    expect(await ids(valid)).toEqual(['cc-2024-001']);
    // The CSV example is the header row the route writes.
    const header = ((await csv({ region: '110000' })).body as Buffer).toString('utf8');
    expect(route.responses[200].content['text/csv'].schema.example).toBe(header);
  });

  it('a bad value is a 400 VALIDATION_FAILED naming the parameter', async () => {
    const cases: [string, string][] = [
      ['region=22000', 'query.region'],
      ['region=abcdef', 'query.region'],
      ['fiscalYear=1999', 'query.fiscalYear'],
      ['fiscalYear=24', 'query.fiscalYear'],
      ['category=service.unknown', 'query.category'],
      ['category=prohibited.financing', 'query.category'],
      [`contractor=${CONTRACTOR.slice(0, 17)}${CONTRACTOR.endsWith('0') ? '1' : '0'}`, 'query.contractor'],
      [`contractor=${CONTRACTOR.toLowerCase()}`, 'query.contractor'],
      ['method=inquiry2', 'query.method'],
      ['status=signed', 'query.status'],
      ['from=2024-02-30', 'query.from'],
      ['to=20240101', 'query.to'],
      ['from=2024-02-01&to=2024-01-31', 'query.to'],
      ['sort=price', 'query.sort'],
      ['sort=+date', 'query.sort'],
      [`q=${'长'.repeat(101)}`, 'query.q'],
      ['q=a%09b', 'query.q'],
    ];
    for (const [query, path] of cases) {
      const body = await refused(encodeURI(query).replace(/%25/g, '%'));
      expect({ query, code: body.code, paths: body.errors?.map((e) => e.path) }).toEqual({
        query,
        code: 'VALIDATION_FAILED',
        paths: [path],
      });
    }
    // Every problem at once.
    expect((await refused('status=x&sort=y&zzz=1')).errors?.map((e) => e.path)).toEqual(['query.zzz', 'query.status', 'query.sort']);
  });

  it('Accept: text/csv gives every matching project (or the page asked for) as CSV with a BOM, formulas guarded, nothing private', async () => {
    const res = await csv({ region: '220000', sort: '-amount' });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers.vary).toMatch(/Accept/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const rows = parse<Record<string, string>>(bytes, { bom: true, columns: true });
    expect(rows.map((r) => r.projectId)).toEqual(['cc-2024-001', 'cc-city-1', 'jl-2023-001', 'jl-prov-1', 'cc-2024-002']);
    expect(rows[0]).toMatchObject({
      title: '南关区困难群众照料护理服务',
      region: '220102',
      fiscalYear: '2024',
      registeredOn: '2024-01-15',
      status: 'contracted',
      category: 'service.care',
      budget: '15000000',
      'purchaser.name': '长春市南关区民政局',
      'tender.method': 'competitive_consultation',
      'award.contractorUscc': CONTRACTOR,
      'award.contractorName': '长春市阳光社会工作服务中心',
      'award.amount': '14400000',
      contractIds: 'cc-2024-001-c1',
    });
    expect(rows[3]).toMatchObject({ title: `'${FORMULA_TITLE}`, status: 'registered', 'tender.method': '', 'award.amount': '' });
    // More rows than one JSON page holds: the CSV is not cut at pageSize 20 — it has every match.
    const everything = parse<Record<string, string>>((await csv({})).body as Buffer, { bom: true, columns: true });
    expect(everything.map((r) => r.projectId)).toEqual(BY_DATE);
    const paged = parse<Record<string, string>>((await csv({ sort: 'amount', page: 2, pageSize: 2 })).body as Buffer, {
      bom: true,
      columns: true,
    });
    expect(paged.map((r) => r.projectId)).toEqual(BY_BUDGET.slice(2, 4));
    const none = parse<Record<string, string>>((await csv({ region: '110000' })).body as Buffer, { bom: true, columns: true });
    expect(none).toEqual([]);
    // Bad input is still a problem, in JSON.
    const bad = await t.http.get('/v1/disclosure/projects?nope=1').set('Accept', 'text/csv').expect(400);
    expect(bodyOf<ProblemBody>(bad).code).toBe('VALIDATION_FAILED');
  });

  it('never shows a private part in the list, JSON or CSV (sentinel scan), though the ledger holds them', async () => {
    const texts = [
      (await t.http.get('/v1/disclosure/projects').query({ minPosition: head, pageSize: 100 }).expect(200)).text,
      ((await csv({})).body as Buffer).toString('utf8'),
      ((await csv({ q: '照料' })).body as Buffer).toString('utf8'),
    ];
    for (const text of texts) for (const sentinel of SENTINELS) expect(text).not.toContain(sentinel);
    const ledger = await t.http.get('/v1/ledger/events').query({ limit: 1000 }).set('Authorization', `Bearer ${KEYS.auditor}`);
    for (const sentinel of SENTINELS) expect(ledger.text).toContain(sentinel);
  });
}

describe('GET /v1/disclosure/projects: search, filters, sorts, pages, CSV [sqlite]', () => listSuite('sqlite'));
describePostgres('GET /v1/disclosure/projects: search, filters, sorts, pages, CSV', () => listSuite('postgres'));
