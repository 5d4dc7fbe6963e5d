import {
  type ContractorAwardedData,
  type Fen,
  type IsoDate,
  type PaymentInstalment,
  type ProcurementMethod,
  type TenderApproval,
  type TenderPublicNotice,
} from '../../../events';
import type { MethodRule, PolicyPack } from '../../policy';
import { compareDates, describeTerm, termWithinMonths } from '../../shared/domain/dates';
import { cny } from '../../shared/domain/money';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { assertInOrder } from '../../shared/domain/business-dates';

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
  assertInOrder({ field: 'contract signed on', date: contract.signedAt }, { what: 'the award', date: award.awardedAt });
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
  // The payment terms (资金结算方式) fall within the contract's own term (期限), 000 §四(三)1: an instalment
  // outside it would pay for no service of this contract.
  paymentSchedule.forEach(({ dueDate, amount: due }, i) => {
    if (compareDates(dueDate, startDate) < 0 || compareDates(dueDate, endDate) > 0) {
      throw new RuleViolation(
        'CONTRACT_MISMATCH',
        `contract ${contractId} instalment ${i + 1} of ${cny(due)} is due on ${dueDate}, outside the term ${startDate} … ${endDate} (000 §四(三)1)`,
      );
    }
  });
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
