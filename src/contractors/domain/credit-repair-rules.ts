import type { IsoDate, PenaltyImposedData } from '../../../events';
import { creditPolicyFor, type PublicationBounds } from '../../policy/credit-packs';
import { addMonths, compareDates } from '../../shared/domain/dates';
import { RuleViolation } from '../../shared/domain/rule-violation';

/** The credit-repair rules (信用修复, NDRC Order 36 of 2025), one function per DOMAIN.md rule family, each throwing its exact code. */

type PenaltyImposedSeverity = PenaltyImposedData['severity'];

/**
 * The repair date against the record's period: ALREADY_EXISTS when its publishedUntil has passed (the record
 * has ended even before the service appends CreditPublicationEnded), then CREDIT_REPAIR_TOO_EARLY — Order 36:
 * 最短公示期届满后，信用主体方可按规定申请信用修复. The minimum period is the credit pack's minimum for the
 * record's severity as of its decision date, counted from publishedFrom: repair on or after addMonths(publishedFrom, min).
 */
export function checkRepairDate(penaltyId: string, repairedAt: IsoDate, p: PenaltyImposedData, publishedFrom: IsoDate): void {
  if (p.publishedUntil !== null && compareDates(repairedAt, p.publishedUntil) > 0) {
    throw new RuleViolation(
      'ALREADY_EXISTS',
      `the record of penalty ${penaltyId} already ended: its publication ran until ${p.publishedUntil}, before ${repairedAt}`,
    );
  }
  const { bounds, why } = minimumOf(p.severity, p.decidedAt);
  const earliest = addMonths(publishedFrom, bounds.minMonths);
  if (compareDates(repairedAt, earliest) < 0) {
    throw new RuleViolation(
      'CREDIT_REPAIR_TOO_EARLY',
      `penalty ${penaltyId} can be repaired on or after ${earliest}: the minimum publication period is ${bounds.minMonths} months from ${publishedFrom} (${why}; ${bounds.source})`,
    );
  }
}

/**
 * The minimum publication bound for a record: its severity's, as of its decision date. A v1 penalty recorded
 * no severity; the ledger then applies the least minimum of any published severity that day — it cannot know
 * more, and a stricter guess would keep a record published on a period no text set for it.
 */
function minimumOf(severity: PenaltyImposedSeverity, decidedAt: IsoDate): { bounds: PublicationBounds; why: string } {
  const pack = creditPolicyFor(decidedAt);
  if (severity !== null) {
    const bounds = pack.publication[severity];
    if (bounds !== null) return { bounds, why: `${severity}, decided ${decidedAt}` };
  }
  const published = Object.values(pack.publication).filter((b): b is PublicationBounds => b !== null);
  const bounds = published.reduce((a, b) => (b.minMonths < a.minMonths ? b : a));
  return { bounds, why: `severity not recorded, decided ${decidedAt}: the least minimum of that day` };
}

/** CREDIT_REPAIR_CONDITIONS_UNMET — Order 36: 完全履行 … 规定的义务 (the fine paid) and 公开作出信用承诺. */
export function checkRepairConditions(
  r: {
    readonly penaltyId: string;
    readonly repairedAt: IsoDate;
    readonly commitment: string;
    readonly obligationsFulfilled: boolean;
    readonly finePaidOn?: IsoDate;
  },
  p: PenaltyImposedData,
): void {
  const { penaltyId, repairedAt, commitment, obligationsFulfilled, finePaidOn } = r;
  const unmet: string[] = [];
  if (!obligationsFulfilled) unmet.push('obligationsFulfilled must be true');
  if (commitment.trim().length === 0) unmet.push('a credit commitment is required');
  if (p.fine !== undefined) {
    if (finePaidOn === undefined) unmet.push(`the penalty had a fine of ${p.fine} fen: finePaidOn is required`);
    else if (compareDates(finePaidOn, p.decidedAt) < 0 || compareDates(finePaidOn, repairedAt) > 0) {
      unmet.push(`finePaidOn ${finePaidOn} must be between the decision (${p.decidedAt}) and the repair (${repairedAt})`);
    }
  }
  if (unmet.length > 0) throw new RuleViolation('CREDIT_REPAIR_CONDITIONS_UNMET', `penalty ${penaltyId}: ${unmet.join('; ')}`);
}
