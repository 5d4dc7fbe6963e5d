import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { creditRepair, penaltyDecision } from '../support/lifecycle';
import { C, CLOCK, CONTRACTOR, seedContract } from '../support/signed-contract';

/**
 * One record's life as a credit platform sees it, following only the feed and the xzcf pages
 * (docs/credit-exchange.md "One record's life"): published, then repaired, and withdrawn.
 */
type Item = Record<string, string>;
interface FeedItem {
  position: number;
  type: string;
  data: Record<string, unknown>;
}

async function created(t: TestApp, path: string, body: object, key: string = KEYS.purchaserChangchun): Promise<number> {
  const res = await t.http.post(path).set(bearer(key)).send(body);
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { position: number }).position;
}

function lifeSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await seedContract(t);
  });
  afterAll(async () => t.close());

  const xzcf = async (minPosition: number, after?: string): Promise<{ items: Item[]; nextCursor: string }> =>
    (
      await t.http
        .get('/v1/credit/penalties/xzcf')
        .query({ minPosition, ...(after ? { after } : {}) })
        .set(bearer(KEYS.creditPlatform))
        .expect(200)
    ).body as { items: Item[]; nextCursor: string };
  const feed = async (minPosition: number, after: number): Promise<FeedItem[]> =>
    (
      (await t.http.get('/v1/credit/feed').query({ minPosition, after }).set(bearer(KEYS.creditPlatform)).expect(200)).body as {
        items: FeedItem[];
      }
    ).items;

  it('publishes a serious penalty with its decision and period, then withdraws it when it is repaired', async () => {
    const start = await t.store.head();
    await created(t, `/v1/contracts/${C}/violations`, {
      violationId: 'v-1',
      kind: 'fraud',
      severity: 'serious',
      occurredAt: '2024-06-01',
      description: '伪造入户调查记录 12 户',
    });
    const imposed = await created(t, `/v1/contracts/${C}/penalties`, {
      penaltyId: 'pen-1',
      violationIds: ['v-1'],
      decidedAt: '2024-07-01',
      ...penaltyDecision({
        decisionNumber: '长民罚决字〔2024〕第7号',
        facts: '承接主体伪造入户调查记录12户',
        penaltyCategories: ['fine', 'debarment'],
        content: '罚款5万元，三年内禁止参与政府购买社会救助服务',
      }),
      fine: 5_000_000,
      debarment: { from: '2024-07-01', until: '2027-06-30' },
      publishDishonestyRecord: true,
      publicationMonths: 24,
    });

    const published = await xzcf(imposed);
    expect(published.items).toEqual([
      expect.objectContaining({
        CF_XDR_SHXYM: CONTRACTOR,
        CF_WSH: '长民罚决字〔2024〕第7号',
        CF_WFXW: '弄虚作假',
        CF_SY: '承接主体伪造入户调查记录12户',
        CF_CFLB: '罚款;禁止参与',
        CF_NR: '罚款5万元，三年内禁止参与政府购买社会救助服务',
        CF_NR_FK: '5.000000',
        CF_JDRQ: '2024-07-01',
        CF_YXQ: '2027-06-30',
        CF_GSJZQ: '2026-06-30',
        BZ: '账本处罚编号：pen-1',
      }),
    ]);
    const before = await feed(imposed, start);
    expect(before.map((i) => i.type)).toEqual(['ViolationRecorded', 'PenaltyImposed', 'ContractorDebarred', 'DishonestyRecordPublished']);
    expect(before[0].data.description).toBe('伪造入户调查记录 12 户');
    expect(before[1].data).toMatchObject({ decisionNumber: '长民罚决字〔2024〕第7号', severity: 'serious', publishedUntil: '2026-06-30' });
    expect(before[3].data).toMatchObject({
      decisionNumber: '长民罚决字〔2024〕第7号',
      publishedFrom: '2024-07-01',
      publishedUntil: '2026-06-30',
    });

    const repaired = await created(
      t,
      `/v1/contractors/${CONTRACTOR}/credit-repair`,
      creditRepair({ repairedAt: '2025-08-01', finePaidOn: '2024-07-15' }),
      KEYS.admin,
    );
    // A platform that follows the pages gets the penalty again, as a withdrawal notice.
    const next = await xzcf(repaired, published.nextCursor);
    expect(next.items).toEqual([
      {
        ...published.items[0],
        CF_WFXW: '',
        CF_SY: '',
        CF_YJ: '',
        CF_CFLB: '',
        CF_NR: '',
        CF_NR_FK: '',
        CF_YXQ: '',
        BZ: '账本处罚编号：pen-1；状态：已信用修复，自2025-08-01起不再公示',
      },
    ]);
    expect((await xzcf(repaired)).items).toEqual(next.items);
    // `imposed` is the position of the command's last entry (the dishonesty record): the feed goes on with the repair.
    expect((await feed(repaired, imposed)).map((i) => [i.type, i.data.penaltyId])).toEqual([['CreditRepaired', 'pen-1']]);
  });
}

describe('credit exchange: one record’s life [sqlite]', () => lifeSuite('sqlite'));
describePostgres('credit exchange: one record’s life', () => lifeSuite('postgres'));
