import { CONTRACTOR } from './uscc';

/**
 * Valid bodies of the lifecycle commands (API.md "Commands"), free of the test runner and supertest so that
 * the benchmarks (bench/http.bench.ts, built without jest) send the same bodies as the tests.
 */

/** 10,000,000.00 CNY: the 2% cap is then exactly 200,000.00 CNY. */
export const FUND_BASE = 1_000_000_000;

export const fund = (over: Record<string, unknown> = {}) => ({
  region: '220102',
  fiscalYear: 2024,
  source: 'central',
  amount: FUND_BASE,
  reference: '财社〔2024〕12号',
  ...over,
});

export const contractor = (over: Record<string, unknown> = {}) => ({
  uscc: CONTRACTOR,
  name: '长春市阳光社会工作服务中心',
  kind: 'social_organization',
  region: '220102',
  ...over,
});

export const project = (over: Record<string, unknown> = {}) => ({
  projectId: 'cc-2024-001',
  region: '220102',
  fiscalYear: 2024,
  registeredOn: '2024-01-15',
  purchaser: { code: '220102000000', name: '长春市南关区民政局' },
  title: '南关区困难群众照料护理服务',
  category: 'service.care',
  budget: 15_000_000,
  ...over,
});

export const tender = (over: Record<string, unknown> = {}) => ({
  method: 'competitive_consultation',
  publishedAt: '2024-03-01',
  content: '为低保、特困对象提供居家照料护理',
  term: '12 months',
  quantity: '120 households',
  quality: 'per the service standard annex',
  priceCeiling: 15_000_000,
  qualifications: 'registered social organization, 3 years of practice',
  evaluationStandards: 'households served, on-time visits, satisfaction ≥ 90%, assessed quarterly',
  ...over,
});

/** The evidence of each contractor condition an award records (000 §二(二)1–5, 002 §三(二)). */
export const ELIGIBILITY = {
  civilLiability: { documentRef: '登记证书 52220100MJ00000016' },
  facilitiesAndStaff: { documentRef: '场地租赁合同及社工证书清单 2024-03' },
  governance: { documentRef: '章程及财务管理制度 2023 版' },
  taxAndSocialInsurance: { documentRef: '完税证明及社保缴费证明 2024-02' },
  noMajorViolations: { documentRef: '信用中国查询记录 2024-03-18' },
};

export const award = (over: Record<string, unknown> = {}) => ({
  contractorUscc: CONTRACTOR,
  amount: 14_400_000,
  awardedAt: '2024-03-20',
  evaluationMethod: 'comprehensive_scoring',
  eligibility: ELIGIBILITY,
  ...over,
});

export const contract = (over: Record<string, unknown> = {}) => ({
  contractId: 'cc-2024-001-c1',
  signedAt: '2024-03-25',
  amount: 14_400_000,
  startDate: '2024-04-01',
  endDate: '2025-03-31',
  paymentSchedule: [
    { dueDate: '2024-06-30', amount: 7_200_000 },
    { dueDate: '2024-12-31', amount: 7_200_000 },
  ],
  deliverables: 'monthly care visits and records',
  liabilities: 'refund and penalty per clause 9',
  takeoverPlan: 'the street social-work station takes over the listed recipients within 24 hours',
  ...over,
});
