import {
  ELIGIBILITY_CONDITIONS,
  type ContractorAwardedData,
  type EligibilityCondition,
  type EligibilityEvidence,
  type EvaluationMethod,
  type Fen,
  type IsoDate,
  type PaymentInstalment,
  type ProcurementMethod,
  type ProjectRegisteredData,
  type TenderApproval,
  type TenderPublicNotice,
  type TenderPublishedData,
} from '../../../events';
import type { MethodRule, PolicyPack } from '../../policy';
import { debarmentOn, seriousPenaltiesDecided, type ContractorState } from '../../contractors/domain/contractors.decider';
import { addDays, addMonths, compareDates, describeTerm, termWithinMonths } from '../../shared/domain/dates';
import { ContextMismatchError } from '../../shared/domain/decider';
import { cny } from '../../shared/domain/money';
import { RuleViolation } from '../../shared/domain/rule-violation';

/** The project rules, one function per DOMAIN.md rule family, each throwing its exact code. */

/** CATEGORY_NOT_PURCHASABLE — 000 §三 (catalogue = its annex), 003 §一(一) (不在清单范围内的，一律不得采购). */
export function checkCategory(category: string, policy: PolicyPack): void {
  const prohibited = policy.prohibitedCategories[category];
  if (prohibited !== undefined) {
    throw new RuleViolation('CATEGORY_NOT_PURCHASABLE', `category ${category} may not be purchased: ${prohibited}`);
  }
  if (!policy.catalogue.includes(category)) {
    // The detail lists what may be bought, so a caller can correct the code without asking (GET /v1/catalogue too).
    throw new RuleViolation(
      'CATEGORY_NOT_PURCHASABLE',
      `category ${category} is not in the service catalogue of ${policy.id} (000 §三(一) and annex); the purchasable codes are ${policy.catalogue.join(', ')} (GET /v1/catalogue)`,
    );
  }
}

const describeRule = (method: string, rule: MethodRule, policy: PolicyPack): string =>
  method +
  (rule.minAmount !== undefined ? ` (≥ ${cny(rule.minAmount)})` : '') +
  (rule.belowProcurementThreshold ? ` (< ${cny(policy.procurementThreshold)})` : '') +
  (rule.requiresJustification ? ' (with justification)' : '');

/**
 * METHOD_NOT_ALLOWED — 003 §一(二) for Inner Mongolia (competitive consultation the norm; public tender
 * from 4,000,000 CNY; self-organised below the procurement threshold), 004 §三(四) for single source.
 * The procurement amount (单项采购金额) is the project budget.
 */
export function checkMethod(method: ProcurementMethod, justification: string | undefined, amount: Fen, policy: PolicyPack): void {
  const rule = policy.methods[method];
  if (rule === undefined) {
    const allowed = Object.entries(policy.methods)
      .map(([m, r]) => describeRule(m, r, policy))
      .join(', ');
    throw new RuleViolation('METHOD_NOT_ALLOWED', `method ${method} is not allowed under ${policy.id}; allowed: ${allowed}`);
  }
  if (rule.minAmount !== undefined && amount < rule.minAmount) {
    throw new RuleViolation(
      'METHOD_NOT_ALLOWED',
      `${method} needs a procurement amount ≥ ${cny(rule.minAmount)} under ${policy.id} (${rule.source}); the project budget ${cny(amount)} is ${cny(rule.minAmount - amount)} short`,
    );
  }
  if (rule.belowProcurementThreshold && amount >= policy.procurementThreshold) {
    throw new RuleViolation(
      'METHOD_NOT_ALLOWED',
      `${method} is allowed only below the procurement threshold ${cny(policy.procurementThreshold)} under ${policy.id} (${rule.source}); the project budget is ${cny(amount)}, ${cny(amount - policy.procurementThreshold + 1)} too much`,
    );
  }
  if (rule.requiresJustification && (justification === undefined || justification.trim() === '')) {
    throw new RuleViolation('METHOD_NOT_ALLOWED', `${method} requires singleSourceJustification (${rule.source})`);
  }
}

/**
 * 004 §三(四) (national guidance, so every pack): 邀请招标、竞争性谈判 only 经同级财政部门批准; 单一来源
 * only after 向社会公示 and 经同级财政部门批准. Public tender and competitive consultation need neither.
 */
const APPROVAL_SOURCE = '004 §三(四)';
const NEEDS_APPROVAL: readonly ProcurementMethod[] = ['invited_tender', 'competitive_negotiation', 'single_source'];
const NEEDS_PUBLIC_NOTICE: readonly ProcurementMethod[] = ['single_source'];

/**
 * APPROVAL_REQUIRED when the method needs the finance department's approval or a public notice and the
 * tender lacks it; DATE_OUT_OF_ORDER when the approval or the notice is dated after the tender's
 * publication (the tender is published on their strength, so they come first).
 */
export function checkApprovals(tender: {
  readonly method: ProcurementMethod;
  readonly publishedAt: IsoDate;
  readonly approval?: TenderApproval | null;
  readonly publicNotice?: TenderPublicNotice | null;
}): void {
  const { method, publishedAt, approval, publicNotice } = tender;
  if (NEEDS_APPROVAL.includes(method) && (approval === undefined || approval === null)) {
    throw new RuleViolation(
      'APPROVAL_REQUIRED',
      `${method} needs the finance department's approval (approval: { authority, reference, approvedOn }) (${APPROVAL_SOURCE}: 经同级财政部门批准)`,
    );
  }
  if (NEEDS_PUBLIC_NOTICE.includes(method) && (publicNotice === undefined || publicNotice === null)) {
    throw new RuleViolation(
      'APPROVAL_REQUIRED',
      `${method} needs its public notice (publicNotice: { url, publishedOn }) (${APPROVAL_SOURCE}: 向社会公示)`,
    );
  }
  if (approval && compareDates(approval.approvedOn, publishedAt) > 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `the approval ${approval.reference} is dated ${approval.approvedOn}, after the tender's publication on ${publishedAt}; the method must be approved before the tender (${APPROVAL_SOURCE})`,
    );
  }
  if (publicNotice && compareDates(publicNotice.publishedOn, publishedAt) > 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `the single-source public notice is dated ${publicNotice.publishedOn}, after the tender's publication on ${publishedAt} (${APPROVAL_SOURCE}: 向社会公示 before 单一来源采购)`,
    );
  }
}

/**
 * INVALID_STATE for an award dated before the tender (000 §四: the steps in order), CONTRACTOR_NOT_ELIGIBLE
 * (000 §二, §四(四)4) and AWARD_EXCEEDS_BUDGET (000 §四(一)); returns the contractor's name.
 */
export function checkAward(
  award: { readonly projectId: string; readonly contractorUscc: string; readonly amount: Fen; readonly awardedAt: IsoDate },
  project: ProjectRegisteredData,
  tender: TenderPublishedData,
  contractor: ContractorState,
  policy: PolicyPack,
): string {
  const { projectId, contractorUscc, amount, awardedAt } = award;
  if (compareDates(awardedAt, tender.publishedAt) < 0) {
    throw new RuleViolation(
      'INVALID_STATE',
      `award on ${awardedAt} is before the tender of project ${projectId} was published (${tender.publishedAt})`,
    );
  }
  if (contractor.status === 'none') throw new RuleViolation('CONTRACTOR_NOT_ELIGIBLE', `contractor ${contractorUscc} is not registered`);
  if (contractor.uscc !== contractorUscc)
    throw new ContextMismatchError(`contractor state of ${contractor.uscc} given for ${contractorUscc}`);
  if (!policy.allowedContractorKinds.includes(contractor.kind)) {
    throw new RuleViolation(
      'CONTRACTOR_NOT_ELIGIBLE',
      `contractor ${contractorUscc} is of kind ${contractor.kind}; ${policy.id} allows ${policy.allowedContractorKinds.join(', ')} (000 §二(一))`,
    );
  }
  const debarment = debarmentOn(contractor, awardedAt);
  if (debarment !== undefined) {
    throw new RuleViolation(
      'CONTRACTOR_NOT_ELIGIBLE',
      `contractor ${contractorUscc} is debarred from ${debarment.from} until ${debarment.until} (penalty ${debarment.penaltyId}); the award date ${awardedAt} falls within it (000 §四(四)4)`,
    );
  }
  if (amount > project.budget) {
    throw new RuleViolation(
      'AWARD_EXCEEDS_BUDGET',
      `award ${cny(amount)} exceeds the project budget ${cny(project.budget)} of ${project.projectId} by ${cny(amount - project.budget)}`,
    );
  }
  if (amount > tender.priceCeiling) {
    throw new RuleViolation(
      'AWARD_EXCEEDS_BUDGET',
      `award ${cny(amount)} exceeds the tender price ceiling ${cny(tender.priceCeiling)} of ${project.projectId} by ${cny(amount - tender.priceCeiling)}`,
    );
  }
  return contractor.name;
}

/**
 * LOWEST_PRICE_ONLY — 000 §四(三): 确定承接主体时，要以满足服务质量、符合服务标准为前提，不能简单以"价低者得"作为
 * 选择标准; 001 §二(一)、(四): 避免因单纯追求"价低者得"而损害服务质量. Every project here is a purchase of services
 * (the catalogue holds only 事务性工作 and 服务性工作, 000 §三(一)), so the lowest-price method is never enough.
 */
export function checkEvaluationMethod(projectId: string, method: EvaluationMethod): void {
  if (method === 'lowest_price') {
    throw new RuleViolation(
      'LOWEST_PRICE_ONLY',
      `project ${projectId} is a purchase of services: it may not be awarded by lowest_price (最低评标价法) alone; quality must be a criterion, e.g. comprehensive_scoring (000 §四(三), 001 §二(一))`,
    );
  }
}

const CONDITION_SOURCES: { readonly [C in EligibilityCondition]: string } = {
  civilLiability: '独立承担民事责任的能力, 000 §二(二)2',
  facilitiesAndStaff: '提供服务所必需的设施、人员和专业技术能力, 000 §二(二)3',
  governance: '健全的内部治理结构、财务会计和资产管理制度, 000 §二(二)4',
  taxAndSocialInsurance: '依法缴纳税收和社会保险的良好记录, 002 §三(二)',
  noMajorViolations: '参加政府采购活动前三年内无重大违法记录, 000 §二(二)1 (政府采购法 art. 22)',
};

/**
 * CONTRACTOR_CONDITIONS_UNMET — 000 §二(二)1–5, 002 §三(二), 004 §三(二): the award names the document each
 * condition was checked against, and the ledger's own record must not contradict the last one: a penalty for
 * a serious violation (a debarment or a dishonesty record, not revoked) decided in the 3 years up to the award.
 */
export function checkContractorConditions(
  award: {
    readonly contractorUscc: string;
    readonly awardedAt: IsoDate;
    readonly eligibility: { readonly [C in EligibilityCondition]?: EligibilityEvidence };
  },
  contractor: ContractorState,
): void {
  const { contractorUscc, awardedAt, eligibility } = award;
  const missing = ELIGIBILITY_CONDITIONS.filter((c) => (eligibility[c]?.documentRef ?? '').trim() === '');
  if (missing.length > 0) {
    throw new RuleViolation(
      'CONTRACTOR_CONDITIONS_UNMET',
      `the award to ${contractorUscc} gives no evidence of ${missing.map((c) => `eligibility.${c} (${CONDITION_SOURCES[c]})`).join('; ')}`,
    );
  }
  // 前三年内: the three years ending on the award date; a penalty decided exactly three years before is outside.
  const since = addDays(addMonths(awardedAt, -36), 1);
  const serious = seriousPenaltiesDecided(contractor, since, awardedAt);
  if (serious.length > 0) {
    throw new RuleViolation(
      'CONTRACTOR_CONDITIONS_UNMET',
      `contractor ${contractorUscc} has a penalty for a serious violation within 3 years before the award of ${awardedAt} (since ${since}): ${serious
        .map((p) => `penalty ${p.penaltyId} decided ${p.decidedAt}`)
        .join(', ')}; eligibility.noMajorViolations is contradicted by the ledger (${CONDITION_SOURCES.noMajorViolations})`,
    );
  }
}

/**
 * CONTRACTOR_NOT_ELIGIBLE: a contractor debarred on the signing date may not sign, even if the award
 * came before the debarment (000 §四(四)4: 禁止参与政府购买服务 for the period).
 */
export function checkNotDebarredAtSigning(contractor: ContractorState, contractorUscc: string, signedAt: IsoDate): void {
  if (contractor.status !== 'none' && contractor.uscc !== contractorUscc)
    throw new ContextMismatchError(`contractor state of ${contractor.uscc} given for ${contractorUscc}`);
  const debarment = debarmentOn(contractor, signedAt);
  if (debarment !== undefined) {
    throw new RuleViolation(
      'CONTRACTOR_NOT_ELIGIBLE',
      `contractor ${contractorUscc} is debarred from ${debarment.from} until ${debarment.until} (penalty ${debarment.penaltyId}); the signing date ${signedAt} falls within it (000 §四(四)4)`,
    );
  }
}

/**
 * INVALID_STATE for a contract signed before the award (000 §四: the steps in order), CONTRACT_MISMATCH
 * (000 §四(三)1) and CONTRACT_TERM_TOO_LONG (000 §四(三)2–3).
 */
export function checkContract(
  contract: {
    readonly contractId: string;
    readonly signedAt: IsoDate;
    readonly amount: Fen;
    readonly startDate: IsoDate;
    readonly endDate: IsoDate;
    readonly paymentSchedule: readonly PaymentInstalment[];
    readonly extendedTermJustification?: string;
    readonly contractorUscc?: string;
  },
  award: ContractorAwardedData,
  policy: PolicyPack,
): void {
  const { contractId, amount, startDate, endDate, paymentSchedule } = contract;
  if (compareDates(contract.signedAt, award.awardedAt) < 0) {
    throw new RuleViolation('INVALID_STATE', `contract signed on ${contract.signedAt}, before the award of ${award.awardedAt}`);
  }
  if (contract.contractorUscc !== undefined && contract.contractorUscc !== award.contractorUscc) {
    throw new RuleViolation(
      'CONTRACT_MISMATCH',
      `contract ${contractId} names contractor ${contract.contractorUscc}; the award went to ${award.contractorUscc}`,
    );
  }
  if (amount !== award.amount) {
    throw new RuleViolation(
      'CONTRACT_MISMATCH',
      `contract ${contractId} amount ${cny(amount)} differs from the award ${cny(award.amount)} by ${cny(Math.abs(amount - award.amount))}`,
    );
  }
  const scheduled = paymentSchedule.reduce((sum, p) => sum + p.amount, 0);
  if (scheduled !== amount) {
    throw new RuleViolation(
      'CONTRACT_MISMATCH',
      `contract ${contractId} payment schedule sums to ${cny(scheduled)} over ${paymentSchedule.length} instalment(s), not the amount ${cny(amount)} (difference ${cny(scheduled - amount)})`,
    );
  }
  if (compareDates(endDate, startDate) < 0) {
    throw new RuleViolation('CONTRACT_MISMATCH', `contract ${contractId} ends (${endDate}) before it starts (${startDate})`);
  }
  const { months, extendedMonths, source } = policy.contractTerm;
  if (termWithinMonths(startDate, endDate, months)) return;
  if (!termWithinMonths(startDate, endDate, extendedMonths)) {
    throw new RuleViolation(
      'CONTRACT_TERM_TOO_LONG',
      `term ${describeTerm(startDate, endDate, extendedMonths)}; no contract may run longer than ${extendedMonths} months (${source})`,
    );
  }
  const justification = contract.extendedTermJustification;
  if (justification === undefined || justification.trim() === '') {
    throw new RuleViolation(
      'CONTRACT_TERM_TOO_LONG',
      `term ${describeTerm(startDate, endDate, months)}; longer than ${months} months (up to ${extendedMonths}) needs extendedTermJustification (${source})`,
    );
  }
}
