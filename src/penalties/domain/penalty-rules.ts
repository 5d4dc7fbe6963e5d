import type { DebarmentPeriod, IsoDate, PenaltyImposedData, Severity } from '../../../events';
import { SEVERITIES } from '../../../events/common';
import { creditPolicyFor } from '../../policy/credit-packs';
import type { ContractState } from '../../contracts/domain/contracts.decider';
import { compareDates, dayNumber, periodLastDay } from '../../shared/domain/dates';
import { RuleViolation } from '../../shared/domain/rule-violation';

/** The penalty rules, one function per DOMAIN.md rule family, each throwing its exact code. */

type SignedContract = Exclude<ContractState, { status: 'none' }>;

/** What a penalty cites and orders, as the rules below read it (the ImposePenalty data). */
interface Cited {
  readonly penaltyId: string;
  readonly contractId: string;
  readonly violationIds: readonly string[];
}

/** PENALTY_WITHOUT_VIOLATION — 000 §四(四)4: a penalty answers recorded conduct of that contract. */
export function checkCitedViolations({ penaltyId, contractId, violationIds }: Cited, contract: SignedContract): void {
  if (violationIds.length === 0) throw new RuleViolation('PENALTY_WITHOUT_VIOLATION', `penalty ${penaltyId} cites no violation`);
  const recorded = Object.keys(contract.violations);
  // Own keys only: `constructor` is a valid id, not a recorded violation.
  const unknown = violationIds.filter((id) => !Object.hasOwn(contract.violations, id));
  if (unknown.length > 0) {
    throw new RuleViolation(
      'PENALTY_WITHOUT_VIOLATION',
      `penalty ${penaltyId} cites ${unknown.join(', ')}, not recorded on contract ${contractId} (recorded: ${recorded.length > 0 ? recorded.join(', ') : 'none'})`,
    );
  }
}

/** DATE_OUT_OF_ORDER — a penalty is decided once the contract is signed; INVALID_STATE — it terminates only an active contract. */
export function checkContractState(
  { penaltyId, contractId, decidedAt, terminateContract }: Cited & { readonly decidedAt: IsoDate; readonly terminateContract?: boolean },
  contract: SignedContract,
): void {
  if (compareDates(decidedAt, contract.contract.signedAt) < 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `penalty decided on ${decidedAt}, before contract ${contractId} was signed (${contract.contract.signedAt})`,
    );
  }
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

const describeCited = (ids: readonly string[], contract: SignedContract): string =>
  ids.map((id) => `${id} ${contract.violations[id].severity}`).join(', ');

/** DEBARMENT_PERIOD_INVALID — 000 §四(四)4: 情节严重 … 一定期限内禁止参与: a period, for serious violations only. */
export function checkDebarment(d: Cited & { readonly debarment?: DebarmentPeriod }, severity: Severity, contract: SignedContract): void {
  if (d.debarment === undefined) return;
  const { from, until } = d.debarment;
  if (compareDates(from, until) > 0) {
    throw new RuleViolation(
      'DEBARMENT_PERIOD_INVALID',
      `debarment from ${from} until ${until}: from is ${dayNumber(from) - dayNumber(until)} day(s) after until`,
    );
  }
  if (severity !== 'serious') {
    throw new RuleViolation(
      'DEBARMENT_PERIOD_INVALID',
      `debarment needs a serious violation; penalty ${d.penaltyId} cites none (${describeCited(d.violationIds, contract)})`,
    );
  }
}

/** DISHONESTY_RECORD_NOT_ALLOWED — 000 §四(四)4, 001 §二(六): 失信记录 only for 情节严重、造成恶劣社会影响. */
export function checkDishonestyRecord(
  d: Cited & { readonly publishDishonestyRecord?: boolean },
  severity: Severity,
  contract: SignedContract,
): void {
  if (d.publishDishonestyRecord === true && severity !== 'serious') {
    throw new RuleViolation(
      'DISHONESTY_RECORD_NOT_ALLOWED',
      `a dishonesty record needs a serious violation; penalty ${d.penaltyId} is ${severity} (${describeCited(d.violationIds, contract)})`,
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
