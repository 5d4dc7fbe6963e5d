import { bearer, KEYS, type TestApp } from '../../support/app';
import { penaltyDecision } from '../../support/lifecycle';
import { AMOUNT, C, seedContract } from '../../support/signed-contract';

export { CLOCK } from '../../support/signed-contract';
export { C, AMOUNT };

/** The project of the seeded contract (test/support/signed-contract.ts), in Changchun (220100). */
export const P = 'P-2024-001';
/** A second project, in Jilin city (220200), registered and tendered only: filters tell the two apart. */
export const P2 = 'JL-2024-007';
export const P2_TITLE = '吉林市特困人员集中供养服务';

/**
 * Private data that no public page, download or public API answer may show (the privacy test's sentinels):
 * service recipients' personal data and the free-text notes that stay off the public record.
 */
export const SENTINELS = [
  'SENTINEL-NAME-李',
  'SENTINEL-ID-220102',
  'SENTINEL-NEEDS',
  'SENTINEL-NOTE',
  'SENTINEL-SUMMARY',
  'SENTINEL-VIOLATION',
];

/** Positions of the public facts the portal shows, by what they record. */
export interface PortalSeed {
  readonly positions: Record<string, number>;
}

/**
 * A lifecycle for the portal's pages, through the HTTP API: the signed contract (funds → contractor →
 * project → tender → award → contract), its announcement, two payments, three evaluations, a violation and
 * a penalty with a dishonesty record; and a second project in another city of Jilin.
 */
export async function seedPortal(t: TestApp): Promise<PortalSeed> {
  await seedContract(t);
  const buyer = bearer(KEYS.purchaserJilin);
  const positions: Record<string, number> = {};
  const ok = async (name: string, path: string, body: object, key = buyer): Promise<void> => {
    const res = await t.http.post(path).set(key).send(body);
    if (res.status !== 201) throw new Error(`seed ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    positions[name] = (res.body as { position: number }).position;
  };
  await ok('announcement', `/v1/contracts/${C}/announcement`, {
    announcedAt: '2024-04-12',
    url: 'https://www.ccgp-jilin.gov.cn/notice/p-2024-001-c1',
  });
  await ok('payment1', `/v1/contracts/${C}/payments`, {
    paymentId: 'pay-1',
    amount: AMOUNT / 2,
    paidAt: '2024-05-15',
    purpose: 'service_fee',
  });
  await ok('payment2', `/v1/contracts/${C}/payments`, {
    paymentId: 'pay-2',
    amount: 1_234_567,
    paidAt: '2024-09-30',
    purpose: 'service_fee',
  });
  await ok('evaluation1', `/v1/contracts/${C}/evaluations`, {
    evaluationId: 'ev-1',
    evaluator: 'purchaser',
    score: 92,
    evaluatedAt: '2024-10-10',
  });
  await ok('evaluation2', `/v1/contracts/${C}/evaluations`, {
    evaluationId: 'ev-2',
    evaluator: 'third_party',
    score: 58,
    evaluatedAt: '2024-10-12',
    summary: SENTINELS[4],
  });
  await ok('violation', `/v1/contracts/${C}/violations`, {
    violationId: 'v-1',
    kind: 'fraud',
    severity: 'serious',
    occurredAt: '2024-10-05',
    description: SENTINELS[5],
  });
  await ok('penalty', `/v1/contracts/${C}/penalties`, {
    penaltyId: 'pen-1',
    violationIds: ['v-1'],
    decidedAt: '2024-11-01',
    ...penaltyDecision(),
    fine: 500_000,
    terminateContract: false,
    debarment: { from: '2024-11-01', until: '2027-10-31' },
    publishDishonestyRecord: true,
  });
  await ok(
    'fund2',
    '/v1/funds',
    { region: '220200', fiscalYear: 2024, source: 'provincial', amount: 2_000_000_000, reference: '吉财社〔2024〕8号' },
    bearer(KEYS.admin),
  );
  await ok('project2', '/v1/projects', {
    projectId: P2,
    region: '220200',
    fiscalYear: 2024,
    registeredOn: '2024-06-01',
    purchaser: { code: '220200-MZJ', name: '吉林市民政局' },
    title: P2_TITLE,
    category: 'service.care',
    budget: 30_000_000,
    recipients: [{ name: SENTINELS[0], idNumber: SENTINELS[1], needs: SENTINELS[2] }],
    internalNote: SENTINELS[3],
  });
  await ok('tender2', `/v1/projects/${P2}/tender`, {
    method: 'public_tender',
    publishedAt: '2024-06-10',
    content: '特困人员集中供养 80 人',
    term: '12 months',
    quantity: '80 persons',
    quality: '按供养服务规范',
    priceCeiling: 30_000_000,
    qualifications: '养老服务机构',
    evaluationStandards: '入住满意度 ≥ 90%',
  });
  return { positions };
}
