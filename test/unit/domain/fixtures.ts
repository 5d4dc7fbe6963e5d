import type {
  ContractorKind,
  ContractorRegistered,
  ContractSigned,
  ContractorAwarded,
  FundAllocated,
  FundSource,
  PaymentMade,
  ProcurementMethod,
  ProjectContracted,
  ProjectRegistered,
  TenderPublished,
  ViolationRecorded,
  Severity,
  ViolationKind,
  BudgetReserved,
} from '../../../events';
import { capOf, JILIN_2020, type PolicyPack } from '../../../src/policy';
import { yuan } from '../../../src/shared/domain/money';

/** Builders for given events: the shape the deciders produce, with defaults a test overrides. */

import { CONTRACTOR, OTHER_CONTRACTOR, uscc } from '../../support/uscc';

export { CONTRACTOR, OTHER_CONTRACTOR, uscc };

/** Fund base used throughout: 50,000,000.00 CNY → 2% cap = 1,000,000.00 CNY. */
export const FUND_BASE = yuan(50_000_000);
export const CAP = yuan(1_000_000);

export const fundAllocated = (
  region: string,
  fiscalYear: number,
  amount: number,
  source: FundSource = 'central',
  reference = `财社〔${fiscalYear}〕1号`,
): FundAllocated => ({ type: 'FundAllocated', schemaVersion: 2, data: { region, fiscalYear, source, amount, reference } });

export const budgetReserved = (
  region: string,
  fiscalYear: number,
  projectId: string,
  amount: number,
  policy: PolicyPack = JILIN_2020,
  fundBase = FUND_BASE,
  baseYear = fiscalYear,
): BudgetReserved => ({
  type: 'BudgetReserved',
  schemaVersion: 2,
  data: {
    region,
    fiscalYear,
    projectId,
    contractId: null,
    amount,
    reservedAt: `${fiscalYear}-03-01`,
    budgetSource: null,
    baseYear,
    fundBase,
    cap: capOf(policy, fundBase),
    policyId: policy.id,
  },
});

export const contractorRegistered = (
  code = CONTRACTOR,
  kind: ContractorKind = 'social_organization',
  name = '长春市阳光社会工作服务中心',
): ContractorRegistered => ({ type: 'ContractorRegistered', schemaVersion: 1, data: { uscc: code, name, kind } });

export const projectRegistered = (over: Partial<ProjectRegistered['data']> = {}): ProjectRegistered => ({
  type: 'ProjectRegistered',
  schemaVersion: 2,
  data: {
    projectId: 'P-2024-001',
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: '220100-MZJ', name: '长春市民政局' },
    title: '低保家庭家计调查',
    category: 'affairs.means_test',
    budget: yuan(800_000),
    registeredOn: '2024-03-01',
    policyId: 'jl-2020',
    ...over,
  },
});

/** The finance department's approval and the single-source notice (004 §三(四)), both dated before the tender. */
export const TENDER_APPROVAL = { authority: '长春市财政局', reference: '长财采〔2024〕8号', approvedOn: '2024-03-05' } as const;
export const TENDER_NOTICE = { url: 'https://www.ccgp-jilin.gov.cn/notices/2024-0042', publishedOn: '2024-03-01' } as const;

/** A tender as recorded; the methods of 004 §三(四) carry their approval (and single source its notice) by default. */
export const tenderPublished = (
  over: Partial<TenderPublished['data']> = {},
  method: ProcurementMethod = 'competitive_consultation',
): TenderPublished => ({
  type: 'TenderPublished',
  schemaVersion: 2,
  data: {
    projectId: 'P-2024-001',
    method,
    publishedAt: '2024-03-10',
    content: '家计调查 3,000 户',
    term: '12 months',
    quantity: '3000 households',
    quality: '核对准确率 ≥ 98%',
    priceCeiling: yuan(800_000),
    qualifications: '社会工作服务机构，具备专业社工 5 名以上',
    evaluationStandards: '核对准确率、按时完成率与群众满意度，按季度评价',
    approval: ['invited_tender', 'competitive_negotiation', 'single_source'].includes(method) ? TENDER_APPROVAL : null,
    publicNotice: method === 'single_source' ? TENDER_NOTICE : null,
    ...over,
  },
});

/** The evidence of each contractor condition (000 §二(二)1–5, 002 §三(二)) an award records. */
export const ELIGIBILITY = {
  civilLiability: { documentRef: '营业执照 52220100MJ00000016' },
  facilitiesAndStaff: { documentRef: '场地租赁合同及社工证书清单 2024-03' },
  governance: { documentRef: '章程及财务管理制度 2023 版' },
  taxAndSocialInsurance: { documentRef: '完税证明及社保缴费证明 2024-02' },
  noMajorViolations: { documentRef: '信用中国查询记录 2024-03-28' },
} as const;

export const contractorAwarded = (over: Partial<ContractorAwarded['data']> = {}): ContractorAwarded => ({
  type: 'ContractorAwarded',
  schemaVersion: 2,
  data: {
    projectId: 'P-2024-001',
    contractorUscc: CONTRACTOR,
    contractorName: '长春市阳光社会工作服务中心',
    amount: yuan(750_000),
    awardedAt: '2024-04-01',
    evaluationMethod: 'comprehensive_scoring',
    eligibility: ELIGIBILITY,
    ...over,
  },
});

export const projectContracted = (contractId = 'C-2024-001'): ProjectContracted => ({
  type: 'ProjectContracted',
  schemaVersion: 1,
  data: { projectId: 'P-2024-001', contractId, signedAt: '2024-04-10', amount: yuan(750_000) },
});

export const contractSigned = (over: Partial<ContractSigned['data']> = {}): ContractSigned => ({
  type: 'ContractSigned',
  schemaVersion: 2,
  data: {
    contractId: 'C-2024-001',
    projectId: 'P-2024-001',
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: '220100-MZJ', name: '长春市民政局' },
    category: 'affairs.means_test',
    contractorUscc: CONTRACTOR,
    amount: yuan(750_000),
    signedAt: '2024-04-10',
    startDate: '2024-05-01',
    endDate: '2025-04-30',
    paymentSchedule: [
      { dueDate: '2024-05-15', amount: yuan(375_000) },
      { dueDate: '2025-04-15', amount: yuan(375_000) },
    ],
    deliverables: '3,000 份家计调查报告',
    liabilities: '逾期按日万分之五支付违约金',
    takeoverPlan: '承接主体不能履约时由街道社工站临时接管',
    ...over,
  },
});

export const paymentMade = (paymentId: string, amount: number, contractId = 'C-2024-001'): PaymentMade => ({
  type: 'PaymentMade',
  schemaVersion: 1,
  data: { contractId, paymentId, amount, paidAt: '2024-05-15', purpose: 'service_fee' },
});

export const violationRecorded = (
  violationId: string,
  severity: Severity = 'serious',
  kind: ViolationKind = 'fraud',
  contractId = 'C-2024-001',
): ViolationRecorded => ({
  type: 'ViolationRecorded',
  schemaVersion: 1,
  data: { contractId, contractorUscc: CONTRACTOR, violationId, kind, severity, occurredAt: '2024-06-01', description: '伪造入户调查记录' },
});
