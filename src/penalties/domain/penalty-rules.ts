import type { DebarmentPeriod, Grade, IsoDate, PenaltyImposedData, Severity } from '../../../events';
import { SEVERITIES } from '../../../events/common';
import { creditPolicyFor } from '../../policy/credit-packs';
import { gradeOfEvaluation } from '../../policy/grade-of';
import type { ContractState } from '../../contracts/domain/contracts.decider';
import { compareDates, dayNumber, periodLastDay } from '../../shared/domain/dates';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { assertInOrder } from '../../shared/domain/business-dates';

/** The penalty rules, one function per DOMAIN.md rule family, each throwing its exact code. */

type SignedContract = Exclude<ContractState, { status: 'none' }>;

/** What a penalty cites and orders, as the rules below read it (the ImposePenalty data). */
interface Cited {
  readonly penaltyId: string;
  readonly contractId: string;
  readonly violationIds: readonly string[];
  readonly evaluationIds: readonly string[];
}

/** The grade of a cited evaluation of the contract (recorded, or derived for an entry written before grades). */
const gradeOn = (contract: SignedContract, evaluationId: string): Grade =>
  gradeOfEvaluation(contract.contract.region, contract.evaluations[evaluationId]);

/**
 * PENALTY_WITHOUT_VIOLATION — a penalty answers recorded conduct of that contract: its recorded violations
 * (000 §四(四)4), or its failed evaluations (004 §三(五): 对考评不合格者，提出整改意见，并取消一定时期内…资格).
 */
export function checkCited({ penaltyId, contractId, violationIds, evaluationIds }: Cited, contract: SignedContract): void {
  if (violationIds.length === 0 && evaluationIds.length === 0)
    throw new RuleViolation('PENALTY_WITHOUT_VIOLATION', `penalty ${penaltyId} cites no violation and no failed evaluation`);
  const listed = (ids: readonly string[]): string => (ids.length > 0 ? ids.join(', ') : 'none');
  // Own keys only: `constructor` is a valid id, not a recorded violation or evaluation.
  const unknown = violationIds.filter((id) => !Object.hasOwn(contract.violations, id));
  if (unknown.length > 0) {
    throw new RuleViolation(
      'PENALTY_WITHOUT_VIOLATION',
      `penalty ${penaltyId} cites ${unknown.join(', ')}, not recorded on contract ${contractId} (recorded: ${listed(Object.keys(contract.violations))})`,
    );
  }
  const unknownEvaluations = evaluationIds.filter((id) => !Object.hasOwn(contract.evaluations, id));
  if (unknownEvaluations.length > 0) {
    throw new RuleViolation(
      'PENALTY_WITHOUT_VIOLATION',
      `penalty ${penaltyId} cites evaluation ${unknownEvaluations.join(', ')}, not an evaluation of contract ${contractId} ` +
        `(its evaluations: ${listed(Object.keys(contract.evaluations))})`,
    );
  }
  const notFailed = evaluationIds.filter((id) => gradeOn(contract, id) !== 'fail');
  if (notFailed.length > 0) {
    throw new RuleViolation(
      'PENALTY_WITHOUT_VIOLATION',
      `penalty ${penaltyId} cites evaluation ${notFailed.map((id) => `${id} graded ${gradeOn(contract, id)} (score ${contract.evaluations[id].score})`).join(', ')}: ` +
        `only a failed evaluation (不合格) calls for rectification or debarment (004 §三(五))`,
    );
  }
}

/**
 * A failed evaluation weighs as a `general` breach: 004 §三(五) sets it apart from 情节严重者 (serious, pursued
 * under law and contract), yet it orders rectification and may cost eligibility, so it is more than `minor`
 * (which is not published). A penalty's severity is the most severe of what it cites (DOMAIN.md).
 */
export const FAILED_EVALUATION_SEVERITY: Severity = 'general';

/** The penalty's severity: the most severe cited violation, a failed evaluation counting as FAILED_EVALUATION_SEVERITY. */
export function severityOf(d: Cited, contract: SignedContract): Severity {
  const violations = d.violationIds.map((id) => contract.violations[id].severity);
  return mostSevere(d.evaluationIds.length > 0 ? [...violations, FAILED_EVALUATION_SEVERITY] : violations);
}

/**
 * DATE_OUT_OF_ORDER — in lifecycle order: a cited evaluation is not after the decision that answers it, and a
 * rectification deadline (整改期限) is not before the decision that orders it.
 */
export function checkPenaltyDates(
  d: Cited & { readonly decidedAt: IsoDate; readonly rectificationDeadline?: IsoDate },
  contract: SignedContract,
): void {
  const later = d.evaluationIds.filter((id) => compareDates(contract.evaluations[id].evaluatedAt, d.decidedAt) > 0);
  if (later.length > 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `penalty ${d.penaltyId} decided on ${d.decidedAt} cites ${later.map((id) => `evaluation ${id} of ${contract.evaluations[id].evaluatedAt}`).join(', ')}, after the decision`,
    );
  }
  if (d.rectificationDeadline !== undefined && compareDates(d.rectificationDeadline, d.decidedAt) < 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `rectificationDeadline ${d.rectificationDeadline} is before the penalty's decision on ${d.decidedAt}`,
    );
  }
}

/** DATE_OUT_OF_ORDER — a penalty is decided once the contract is signed; INVALID_STATE — it terminates only an active contract. */
export function checkContractState(
  { penaltyId, contractId, decidedAt, terminateContract }: Cited & { readonly decidedAt: IsoDate; readonly terminateContract?: boolean },
  contract: SignedContract,
): void {
  assertInOrder(
    { field: 'penalty decided on', date: decidedAt },
    { what: `contract ${contractId} was signed`, date: contract.contract.signedAt },
  );
  if (terminateContract === true && contract.status !== 'active') {
    throw new RuleViolation(
      'INVALID_STATE',
      `penalty ${penaltyId} orders termination, but contract ${contractId} is already ${contract.status}`,
    );
  }
}

/** The most severe of the cited severities (SEVERITIES is in ascending order). */
export function mostSevere(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a), 'minor');
}

const describeCited = (d: Cited, contract: SignedContract): string =>
  [
    ...d.violationIds.map((id) => `${id} ${contract.violations[id].severity}`),
    ...d.evaluationIds.map((id) => `evaluation ${id} fail`),
  ].join(', ');

/**
 * DEBARMENT_PERIOD_INVALID — a period, from ≤ until, and only for a serious violation (000 §四(四)4: 情节严重 …
 * 一定期限内禁止参与) or a failed evaluation (004 §三(五): 取消一定时期内承接政府购买社会工作服务资格).
 */
export function checkDebarment(d: Cited & { readonly debarment?: DebarmentPeriod }, severity: Severity, contract: SignedContract): void {
  if (d.debarment === undefined) return;
  const { from, until } = d.debarment;
  if (compareDates(from, until) > 0) {
    throw new RuleViolation(
      'DEBARMENT_PERIOD_INVALID',
      `debarment from ${from} until ${until}: from is ${dayNumber(from) - dayNumber(until)} day(s) after until`,
    );
  }
  if (severity !== 'serious' && d.evaluationIds.length === 0) {
    throw new RuleViolation(
      'DEBARMENT_PERIOD_INVALID',
      `debarment needs a serious violation or a failed evaluation; penalty ${d.penaltyId} cites neither (${describeCited(d, contract)})`,
    );
  }
}

/**
 * DISHONESTY_RECORD_NOT_ALLOWED — 000 §四(四)4, 001 §二(六): 失信记录 only for 情节严重、造成恶劣社会影响, i.e. a
 * serious violation; a failed evaluation alone is `general` (004 §三(五) orders rectification and debarment, no record).
 */
export function checkDishonestyRecord(
  d: Cited & { readonly publishDishonestyRecord?: boolean },
  severity: Severity,
  contract: SignedContract,
): void {
  if (d.publishDishonestyRecord === true && severity !== 'serious') {
    throw new RuleViolation(
      'DISHONESTY_RECORD_NOT_ALLOWED',
      `a dishonesty record needs a serious violation; penalty ${d.penaltyId} is ${severity} (${describeCited(d, contract)})`,
    );
  }
}

type Publication = Pick<PenaltyImposedData, 'publicationMonths' | 'publishedFrom' | 'publishedUntil'>;

/**
 * PUBLICATION_PERIOD_INVALID — the period of the penalty's record, as of its decision date (credit policy
 * pack): within [min, max] months for its severity, the maximum when none is chosen; from the decision
 * date, the last day inclusive (periodLastDay). A severity the pack does not publish (minor) has no period.
 */
export function publicationOf(penaltyId: string, severity: Severity, decidedAt: IsoDate, chosen: number | undefined): Publication {
  const pack = creditPolicyFor(decidedAt);
  const bounds = pack.publication[severity];
  if (bounds === null) {
    if (chosen !== undefined) {
      throw new RuleViolation(
        'PUBLICATION_PERIOD_INVALID',
        `penalty ${penaltyId} is ${severity}: not published under ${pack.title} (decided ${decidedAt}), so it takes no publicationMonths`,
      );
    }
    return { publicationMonths: null, publishedFrom: null, publishedUntil: null };
  }
  const months = chosen ?? bounds.maxMonths;
  if (!Number.isInteger(months) || months < bounds.minMonths || months > bounds.maxMonths) {
    throw new RuleViolation(
      'PUBLICATION_PERIOD_INVALID',
      `publicationMonths ${months} for a ${severity} penalty decided ${decidedAt}: allowed ${bounds.minMonths}–${bounds.maxMonths} months (${bounds.source})`,
    );
  }
  return { publicationMonths: months, publishedFrom: decidedAt, publishedUntil: periodLastDay(decidedAt, months) };
}
