import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { CURRENT_SCHEMA_VERSION } from '../../events';
import { StreamIds } from '../../events/streams';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { newEvent } from '../support/events';
import { CONTRACTOR, OTHER_CONTRACTOR, uscc } from '../support/uscc';
import { bodyOf, type CommandResponse, type Page, type ProblemBody } from '../support/bodies';

/** An item of GET /v1/contractors. */
interface Item {
  readonly uscc: string;
  readonly name: string;
  readonly kind: string;
  readonly region: string | null;
  readonly position: number;
  readonly recordedAt: string;
  readonly debarredOn: { readonly date: string; readonly debarred: boolean };
  readonly financialReports: readonly object[];
}
const items = (res: Response): Item[] => bodyOf<Page<Item>>(res).items;

/** Registered in this order; the first is debarred from 2024-07-01 to 2027-06-30. */
const OTHERS = [
  { uscc: uscc('91220102MA0000003'), name: 'Sunshine 照护 Services 有限公司', kind: 'enterprise', region: '220102' },
  { uscc: OTHER_CONTRACTOR, name: '呼和浩特市草原 CARE 服务中心', kind: 'enterprise', region: '150102' },
  { uscc: uscc('12220000MB0000004'), name: '吉林省康复辅具厂', kind: 'public_institution_production', region: '220000' },
  { uscc: uscc('52220102MJ0000005'), name: '南关区 sunshine_100% 互助社', kind: 'social_organization' },
  { uscc: uscc('54220100MK0000006'), name: '长春市朝阳村民委员会', kind: 'grassroots_autonomous', region: '220104' },
];
const [SUNSHINE, GRASSLAND, WELFARE, MUTUAL, VILLAGE] = OTHERS.map((o) => o.uscc);
const BUYER = KEYS.purchaserChangchun;
const DEBARMENT = {
  uscc: CONTRACTOR,
  penaltyId: 'pen-1',
  contractId: 'C-2024-001',
  from: '2024-07-01',
  until: '2027-06-30',
  decidedAt: '2024-07-01',
  grounds: 'serious_violation',
};

function contractorsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let now = new Date('2024-03-01T02:00:00Z');
  let head: number;
  /**
   * A debarment or its lifting as the penalty and revocation commands append them to the contractor's
   * stream (their bodies are the penalties suite's subject): this route answers from these ledger facts.
   */
  const appendFact = async (type: 'ContractorDebarred' | 'DebarmentLifted', data: Record<string, string>): Promise<void> => {
    const schemaVersion = CURRENT_SCHEMA_VERSION[type];
    head = (await t.store.append(StreamIds.contractor(CONTRACTOR), [newEvent(type, data, { schemaVersion })], { expectedVersion: 'any' }))
      .position;
  };
  beforeAll(async () => {
    t = await startTestApp(kind, {}, () => now);
    const ok = async (path: string, body: object): Promise<Response> => {
      const res = await t.http.post(path).set(bearer(BUYER)).send(body);
      if (res.status !== 201) throw new Error(`seed ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    };
    await ok('/v1/contractors', { uscc: CONTRACTOR, name: '长春市阳光社会工作服务中心', kind: 'social_organization', region: '220100' });
    await appendFact('ContractorDebarred', DEBARMENT);
    // A purchaser registers contractors of any region (API.md "Authentication and roles").
    for (const c of OTHERS)
      head = bodyOf<CommandResponse>(await ok('/v1/contractors', { ...c, internalNote: 'SENTINEL-CONTRACTOR-NOTE' })).position;
  });
  afterAll(async () => t.close());

  const list = (query: Record<string, string | number>, key: string = BUYER) =>
    t.http
      .get('/v1/contractors')
      .query({ minPosition: head, ...query })
      .set(bearer(key));
  const usccs = async (query: Record<string, string | number>): Promise<string[]> => {
    const res = await list(query).expect(200);
    return items(res).map((i: { uscc: string }) => i.uscc);
  };

  it('purchasers (of any region) and auditors read the list; a credit platform is refused, no key is 401', async () => {
    for (const key of [KEYS.purchaserChangchun, KEYS.purchaserInnerMongolia, KEYS.auditor, KEYS.admin])
      expect(items(await list({}, key).expect(200))).toHaveLength(6);
    expect(bodyOf<ProblemBody>(await list({}, KEYS.creditPlatform).expect(403)).code).toBe('FORBIDDEN');
    expect(bodyOf<ProblemBody>(await t.http.get('/v1/contractors').expect(401)).code).toBe('UNAUTHENTICATED');
  });

  it('purchasers read a credit record and the dishonesty list, as credit platforms do', async () => {
    for (const key of [KEYS.purchaserChangchun, KEYS.purchaserInnerMongolia]) {
      const record = await t.http.get(`/v1/credit/contractors/${CONTRACTOR}`).query({ date: '2025-01-01' }).set(bearer(key)).expect(200);
      expect(record.body).toMatchObject({ uscc: CONTRACTOR, debarredOn: { date: '2025-01-01', debarred: true } });
      expect(items(await t.http.get('/v1/credit/dishonesty').set(bearer(key)).expect(200))).toEqual([]);
    }
  });

  it('lists every registered contractor in registration order, with its kind, region, position and recordedAt', async () => {
    const res = await list({}).expect(200);
    expect(items(res).map((i: { uscc: string }) => i.uscc)).toEqual([CONTRACTOR, ...OTHERS.map((o) => o.uscc)]);
    expect(items(res)[0]).toEqual({
      uscc: CONTRACTOR,
      name: '长春市阳光社会工作服务中心',
      kind: 'social_organization',
      region: '220100',
      position: 1,
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      debarredOn: { date: '2024-03-01', debarred: false },
      financialReports: [],
    });
    expect(items(res)[4]).toMatchObject({ uscc: MUTUAL, region: null });
    const entry = (await t.store.readAll(1, 1000)).find((e) => e.position === items(res)[1].position)!;
    expect(entry).toMatchObject({ type: 'ContractorRegistered', data: { uscc: SUNSHINE }, recordedAt: items(res)[1].recordedAt });
  });

  it('searches names for a substring, Latin letters in any case, full-width as half-width', async () => {
    expect(await usccs({ q: 'sunshine' })).toEqual([SUNSHINE, MUTUAL]);
    expect(await usccs({ q: 'SunShine' })).toEqual([SUNSHINE, MUTUAL]);
    expect(await usccs({ q: 'ＳＵＮＳＨＩＮＥ' })).toEqual([SUNSHINE, MUTUAL]);
    expect(await usccs({ q: 'care' })).toEqual([GRASSLAND]);
    expect(await usccs({ q: '阳光' })).toEqual([CONTRACTOR]);
    expect(await usccs({ q: '  服务中心 ' })).toEqual([CONTRACTOR, GRASSLAND]);
    expect(await usccs({ q: '长春' })).toEqual([CONTRACTOR, VILLAGE]);
    expect(await usccs({ q: '哈尔滨' })).toEqual([]);
    // LIKE wildcards are matched as themselves.
    expect(await usccs({ q: '%' })).toEqual([MUTUAL]);
    expect(await usccs({ q: '_' })).toEqual([MUTUAL]);
    expect(await usccs({ q: 's_n' })).toEqual([]);
    expect(await usccs({ q: '' })).toHaveLength(6);
  });

  it('searches the uscc by prefix or exactly, in any case', async () => {
    expect(await usccs({ q: CONTRACTOR })).toEqual([CONTRACTOR]);
    expect(await usccs({ q: WELFARE.toLowerCase() })).toEqual([WELFARE]);
    expect(await usccs({ q: '91' })).toEqual([SUNSHINE, GRASSLAND]);
    expect(await usccs({ q: '5222' })).toEqual([CONTRACTOR, MUTUAL]);
    expect(await usccs({ q: '91220102ma' })).toEqual([SUNSHINE]);
    // A code that only appears inside another code is not a prefix.
    expect(await usccs({ q: '220102' })).toEqual([]);
  });

  it('filters by region (a province takes its cities and counties, a city its counties) and by kind', async () => {
    expect(await usccs({ region: '220000' })).toEqual([CONTRACTOR, SUNSHINE, WELFARE, VILLAGE]);
    expect(await usccs({ region: '220100' })).toEqual([CONTRACTOR, SUNSHINE, VILLAGE]);
    expect(await usccs({ region: '220102' })).toEqual([SUNSHINE]);
    expect(await usccs({ region: '150000' })).toEqual([GRASSLAND]);
    expect(await usccs({ region: '110000' })).toEqual([]);
    expect(await usccs({ kind: 'enterprise' })).toEqual([SUNSHINE, GRASSLAND]);
    expect(await usccs({ kind: 'rural_collective' })).toEqual([]);
    // 000 §二(一)2: public institutions engaged in production and business may take part too.
    expect(await usccs({ kind: 'public_institution_production' })).toEqual([WELFARE]);
    expect(await usccs({ kind: 'enterprise', region: '220000' })).toEqual([SUNSHINE]);
    expect(await usccs({ q: 'sunshine', kind: 'social_organization' })).toEqual([MUTUAL]);
    expect(await usccs({ q: '5222', region: '220000' })).toEqual([CONTRACTOR]);
  });

  it('pages with nextCursor: every contractor once, in order, also while others register between pages and under a search', async () => {
    const walk = async (query: Record<string, string | number>, between?: () => Promise<void>): Promise<string[]> => {
      const seen: string[] = [];
      let after = '';
      for (let pages = 0; pages < 20; pages++) {
        const res = await list({ limit: 2, ...query, after }).expect(200);
        expect(items(res).length).toBeLessThanOrEqual(Number(query.limit ?? 2));
        seen.push(...items(res).map((i: { uscc: string }) => i.uscc));
        if (items(res).length === 0) {
          expect(bodyOf<Page<Item>>(res).nextCursor).toBe(after === '' ? 'cDow' : after);
          return seen;
        }
        after = bodyOf<Page<Item>>(res).nextCursor ?? 'null';
        if (pages === 0 && between) await between();
      }
      throw new Error('no end of pages');
    };
    expect(await walk({})).toEqual([CONTRACTOR, ...OTHERS.map((o) => o.uscc)]);
    expect(await walk({ q: 'e' })).toEqual(await usccs({ q: 'e' }));
    expect(await walk({ q: '5' })).toEqual([CONTRACTOR, MUTUAL, VILLAGE]);
    // Name and code matches of one page, merged: '1' is in MUTUAL's name and starts WELFARE's code.
    expect(await walk({ q: '1', limit: 1 })).toEqual([WELFARE, MUTUAL]);
    const late = uscc('91220100MA0000007');
    const pages = await walk({ region: '220000' }, async () => {
      const res = await t.http
        .post('/v1/contractors')
        .set(bearer(BUYER))
        .send({ uscc: late, name: '后来者 Late 公司', kind: 'enterprise', region: '220100' })
        .expect(201);
      head = bodyOf<CommandResponse>(res).position;
    });
    expect(pages).toEqual([CONTRACTOR, SUNSHINE, WELFARE, VILLAGE, late]);
    // A ledger position works as a cursor too: contractors registered after it.
    expect(items(await list({ after: 1, limit: 1 }).expect(200)).map((i: { uscc: string }) => i.uscc)).toEqual([SUNSHINE]);
  });

  it('debarredOn is today in China Standard Time (UTC+8), from the debarment periods', async () => {
    const seeded = async (): Promise<{ date: string; debarred: boolean }> => items(await list({ q: CONTRACTOR }).expect(200))[0].debarredOn;
    now = new Date('2024-06-30T15:59:59Z'); // 23:59:59 on 2024-06-30 in Changchun
    expect(await seeded()).toEqual({ date: '2024-06-30', debarred: false });
    now = new Date('2024-06-30T16:00:00Z'); // 00:00 on 2024-07-01: the first day of the debarment
    expect(await seeded()).toEqual({ date: '2024-07-01', debarred: true });
    expect(items(await list({ q: SUNSHINE }).expect(200))[0].debarredOn).toEqual({ date: '2024-07-01', debarred: false });
    now = new Date('2027-06-30T12:00:00Z');
    expect(await seeded()).toEqual({ date: '2027-06-30', debarred: true });
    now = new Date('2027-06-30T16:00:00Z');
    expect(await seeded()).toEqual({ date: '2027-07-01', debarred: false });
    // Its penalty revoked: the debarment is lifted, void from the start.
    now = new Date('2024-09-01T02:00:00Z');
    expect(await seeded()).toEqual({ date: '2024-09-01', debarred: true });
    await appendFact('DebarmentLifted', { uscc: CONTRACTOR, penaltyId: 'pen-1', liftedAt: '2024-09-01', reason: '行政复议决定撤销原处罚' });
    expect(await seeded()).toEqual({ date: '2024-09-01', debarred: false });
  });

  it('refuses bad parameters with 400 VALIDATION_FAILED naming the parameter', async () => {
    const cases: [Record<string, string | number> | string, string][] = [
      [{ region: '2201' }, 'query.region'],
      [{ region: '' }, 'query.region'],
      [{ kind: 'company' }, 'query.kind'],
      [{ kind: '' }, 'query.kind'],
      [{ limit: 0 }, 'query.limit'],
      [{ limit: 1001 }, 'query.limit'],
      [{ limit: 'ten' }, 'query.limit'],
      [{ after: 'not-a-cursor' }, 'query.after'],
      [{ q: 'x'.repeat(101) }, 'query.q'],
      ['q=a&q=b', 'query.q'],
      ['q=a%00b', 'query.q'],
      ['q=%1B', 'query.q'],
      [{ minPosition: 'soon' }, 'query.minPosition'],
    ];
    for (const [query, path] of cases) {
      const res = await t.http.get('/v1/contractors').query(query).set(bearer(BUYER));
      expect({
        query,
        status: res.status,
        type: res.type,
        code: bodyOf<ProblemBody>(res).code,
        path: bodyOf<ProblemBody>(res).errors?.[0]?.path,
      }).toEqual({
        query,
        status: 400,
        type: 'application/problem+json',
        code: 'VALIDATION_FAILED',
        path,
      });
    }
    expect(items(await list({ q: 'x'.repeat(100) }).expect(200))).toEqual([]);
  });

  it('never shows a private note of a registration', async () => {
    const res = await list({}, KEYS.auditor).expect(200);
    expect(res.text).not.toContain('SENTINEL-CONTRACTOR-NOTE');
    const raw = await t.http.get('/v1/ledger/events').query({ limit: 1000 }).set(bearer(KEYS.auditor)).expect(200);
    expect(raw.text).toContain('SENTINEL-CONTRACTOR-NOTE');
  });
}

describe('GET /v1/contractors [sqlite]', () => contractorsSuite('sqlite'));
describePostgres('GET /v1/contractors', () => contractorsSuite('postgres'));
