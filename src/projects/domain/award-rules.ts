import {
  ELIGIBILITY_CONDITIONS,
  type EligibilityCondition,
  type EligibilityEvidence,
  type EvaluationMethod,
  type Fen,
  type IsoDate,
  type ProjectRegisteredData,
  type TenderPublishedData,
} from '../../../events';
import type { PolicyPack } from '../../policy';
import { debarmentOn, seriousPenaltiesDecided, type ContractorState } from '../../contractors/domain/contractors.decider';
import { addDays, addMonths } from '../../shared/domain/dates';
import { ContextMismatchError } from '../../shared/domain/decider';
import { cny } from '../../shared/domain/money';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { assertInOrder } from '../../shared/domain/business-dates';

/** The award's rules (and eligibility again at signing), each throwing its exact DOMAIN.md code. */

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
  assertInOrder(
    { field: 'award on', date: awardedAt },
    { what: `the tender of project ${projectId} was published`, date: tender.publishedAt },
  );
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
