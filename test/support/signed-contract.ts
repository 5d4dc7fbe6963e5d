import { bearer, KEYS, TestApp } from './app';
import { CONTRACTOR, ELIGIBILITY } from './lifecycle';

/**
 * A signed contract in Changchun (220100), set up through the HTTP API: the starting point of the
 * contract and penalty suites.
 */
/** Today for these suites: fixed, and after every business date they state (none may be in the future). */
export const CLOCK = (): Date => new Date('2025-12-31T02:00:00Z');
export const C = 'C-2024-001';
export const AMOUNT = 75_000_000; // 750,000.00 CNY

/** funds → contractor → project → tender → award → contract, all through the HTTP API. */
export async function seedContract(t: TestApp, contractId = C): Promise<void> {
  const buyer = bearer(KEYS.purchaserChangchun);
  const ok = async (path: string, body: object, key = buyer): Promise<void> => {
    const res = await t.http.post(path).set(key).send(body);
    if (res.status !== 201) throw new Error(`seed ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await ok(
    '/v1/funds',
    { region: '220100', fiscalYear: 2024, source: 'central', amount: 5_000_000_000, reference: '财社〔2024〕12号' },
    bearer(KEYS.admin),
  );
  await ok('/v1/contractors', { uscc: CONTRACTOR, name: '长春市阳光社会工作服务中心', kind: 'social_organization', region: '220100' });
  await ok('/v1/projects', {
    projectId: 'P-2024-001',
    region: '220100',
    fiscalYear: 2024,
    registeredOn: '2024-03-01',
    purchaser: { code: '220100-MZJ', name: '长春市民政局' },
    title: '低保家庭家计调查',
    category: 'affairs.means_test',
    budget: 80_000_000,
  });
  await ok('/v1/projects/P-2024-001/tender', {
    method: 'competitive_consultation',
    publishedAt: '2024-03-10',
    content: '家计调查 3,000 户',
    term: '12 months',
    quantity: '3000 households',
    quality: '核对准确率 ≥ 98%',
    priceCeiling: 80_000_000,
    qualifications: '社会工作服务机构',
    evaluationStandards: '核对准确率 ≥ 98%，按季度评价',
  });
  await ok('/v1/projects/P-2024-001/award', {
    contractorUscc: CONTRACTOR,
    amount: AMOUNT,
    awardedAt: '2024-04-01',
    evaluationMethod: 'comprehensive_scoring',
    eligibility: ELIGIBILITY,
  });
  await ok('/v1/projects/P-2024-001/contracts', {
    contractId,
    signedAt: '2024-04-10',
    amount: AMOUNT,
    startDate: '2024-05-01',
    endDate: '2025-04-30',
    paymentSchedule: [
      { dueDate: '2024-05-15', amount: AMOUNT / 2 },
      { dueDate: '2025-04-15', amount: AMOUNT / 2 },
    ],
    budgetSources: [{ fiscalYear: 2025, reference: '长春市 2024—2026 年中期财政规划' }],
    deliverables: '3,000 份家计调查报告',
    liabilities: '逾期按日万分之五支付违约金',
    takeoverPlan: '承接主体不能履约时由街道社工站临时接管',
  });
}

export { CONTRACTOR };
