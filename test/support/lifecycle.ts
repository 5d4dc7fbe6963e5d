import type { Response } from 'supertest';
import { bearer, KEYS, TestApp } from './app';

/** Request bodies for the procurement lifecycle (API.md "Commands"), valid unless overridden. */
import { CONTRACTOR, OTHER_CONTRACTOR, uscc } from './uscc';

export { CONTRACTOR, OTHER_CONTRACTOR, uscc };
export { FUND_BASE, fund, contractor, project, tender, ELIGIBILITY, award, contract } from './command-bodies';
import { fund, contractor, project, tender, award, contract } from './command-bodies';

/** The finance department's approval and the single-source notice (004 §三(四)), dated before the tender. */
export const APPROVAL = { authority: '长春市南关区财政局', reference: '南财采〔2024〕12号', approvedOn: '2024-02-20' };
export const PUBLIC_NOTICE = { url: 'https://www.ccgp-jilin.gov.cn/notices/2024-0042', publishedOn: '2024-02-10' };

export function post(
  t: TestApp,
  path: string,
  body: unknown,
  key: string = KEYS.admin,
  headers: Record<string, string> = {},
): Promise<Response> {
  return t.http
    .post(path)
    .set(bearer(key))
    .set(headers)
    .send(body as object);
}

/** Fund, contractor and project, registered: the start of most scenarios. */
export async function registeredProject(t: TestApp, over: Record<string, unknown> = {}): Promise<void> {
  await expectCreated(post(t, '/v1/funds', fund()));
  await expectCreated(post(t, '/v1/contractors', contractor(), KEYS.purchaserJilin));
  await expectCreated(post(t, '/v1/projects', project(over), KEYS.purchaserJilin));
}

export async function expectCreated(request: Promise<Response>): Promise<Response> {
  const res = await request;
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** Fund, contractor and project, then tender, award and the signed contract (cc-2024-001-c1), by `key`. */
export async function signedContract(
  t: TestApp,
  over: { award?: Record<string, unknown>; contract?: Record<string, unknown> } = {},
  key: string = KEYS.purchaserJilin,
): Promise<void> {
  await registeredProject(t);
  await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), key));
  await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(over.award), key));
  await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(over.contract), key));
}

/** 处罚机关 of the penalties in these tests (a USCC with a valid check character). */
export const AUTHORITY = { name: '长春市南关区民政局', uscc: uscc('11220102MB0000001') };

/** The 双公示 decision fields every penalty body carries (API.md `POST /v1/contracts/:contractId/penalties`). */
export const penaltyDecision = (over: Record<string, unknown> = {}) => ({
  decisionNumber: '南民罚决字〔2024〕第1号',
  legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
  facts: '承接主体伪造服务记录',
  penaltyCategories: ['fine'],
  content: '罚款',
  authority: AUTHORITY,
  ...over,
});

/** A serious fraud (violation v-1), the ground of seriousPenalty. */
export const seriousViolation = { violationId: 'v-1', kind: 'fraud', severity: 'serious', occurredAt: '2024-10-05', description: '伪造' };

/** Penalty pen-1 for v-1: debarred 2024-11-01 to 2027-10-31, with a dishonesty record published. */
export const seriousPenalty = (over: Record<string, unknown> = {}) => ({
  penaltyId: 'pen-1',
  violationIds: ['v-1'],
  decidedAt: '2024-11-01',
  ...penaltyDecision(),
  debarment: { from: '2024-11-01', until: '2027-10-31' },
  publishDishonestyRecord: true,
  ...over,
});

/** A credit repair body (API.md `POST /v1/contractors/:uscc/credit-repair`). */
export const creditRepair = (over: Record<string, unknown> = {}) => ({
  penaltyId: 'pen-1',
  repairedAt: '2025-06-01',
  basis: '南民信修〔2025〕1号 信用修复决定书',
  commitment: '本单位承诺所提交材料真实有效',
  obligationsFulfilled: true,
  ...over,
});

/** A financial report body (API.md `POST /v1/contractors/:uscc/financial-reports`): 2023's accounts, audited in 2024. */
export const financialReport = (over: Record<string, unknown> = {}) => ({
  year: 2023,
  auditFirm: '吉林正信会计师事务所有限公司',
  reportNumber: '吉正会审字〔2024〕第0123号',
  auditedOn: '2024-04-15',
  ...over,
});
