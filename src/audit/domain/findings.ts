import type { ContractRow } from '../../../projections/contracts/contracts.projection';
import { addDays, dayNumber } from '../../shared/domain/dates';
import { gradeOfEvaluation } from '../../policy/grade-of';

/**
 * Compliance findings (DOMAIN.md "Projections"): what the rules could not refuse at the time but an
 * auditor must see. Pure: the route hands in read-model rows and today's business date.
 */
export type FindingCode =
  | 'LATE_ANNOUNCEMENT'
  | 'MISSING_EVALUATIONS'
  | 'PAYMENTS_BEHIND_SCHEDULE'
  | 'PAYMENTS_AHEAD_OF_SCHEDULE'
  | 'NEAR_BUDGET_CAP'
  | 'FAILED_EVALUATION_UNADDRESSED';

export interface Finding {
  readonly code: FindingCode;
  readonly contractId?: string;
  readonly detail: string;
  /** Ledger positions of the facts the finding rests on. */
  readonly positions: readonly number[];
}

/** Monday–Friday; public holidays are not modelled (a finding then errs towards being raised). */
export function workingDaysAfter(date: string, days: number): string {
  let d = date;
  for (let left = days; left > 0;) {
    d = addDays(d, 1);
    const weekday = (dayNumber(d) + 4) % 7; // day 0 = 1970-01-01, a Thursday
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return d;
}

const EVALUATORS = ['purchaser', 'service_recipients', 'third_party'] as const;

export function contractFindings(c: ContractRow, today: string): Finding[] {
  const out: Finding[] = [];
  // Government Procurement Law implementing regulations art. 50; 000 §四(三)4: announce within 2 working days.
  const deadline = workingDaysAfter(c.signedAt, 2);
  if (c.announcedAt === null ? today > deadline : c.announcedAt > deadline) {
    out.push({
      code: 'LATE_ANNOUNCEMENT',
      contractId: c.contractId,
      positions: [c.signedPosition, ...(c.announcedPosition ? [c.announcedPosition] : [])],
      detail: `contract ${c.contractId} signed ${c.signedAt} ${c.announcedAt ? `was announced ${c.announcedAt}` : 'is not announced'}; the deadline was ${deadline} (2 working days)`,
    });
  }
  // 000 §四(五): performance is evaluated by the purchaser, the service recipients and a third party.
  const ended = c.status !== 'active' || c.endDate < today;
  const missing = EVALUATORS.filter((e) => !c.evaluations.some((x) => x.evaluator === e));
  if (ended && missing.length > 0) {
    out.push({
      code: 'MISSING_EVALUATIONS',
      contractId: c.contractId,
      positions: [c.signedPosition, ...c.evaluations.map((e) => e.position)],
      detail: `contract ${c.contractId} ended without the evaluation of ${missing.join(', ')}`,
    });
  }
  // Payments per contract (000 §四(五)2): compare what was paid with what had fallen due.
  const dueBy = (date: string): number => c.paymentSchedule.filter((p) => p.dueDate <= date).reduce((s, p) => s + p.amount, 0);
  let paidSoFar = 0;
  for (const p of [...c.payments].sort((a, b) => (a.paidAt < b.paidAt ? -1 : 1))) {
    paidSoFar += p.amount;
    if (paidSoFar > dueBy(p.paidAt)) {
      out.push({
        code: 'PAYMENTS_AHEAD_OF_SCHEDULE',
        contractId: c.contractId,
        positions: [p.position],
        detail: `by ${p.paidAt} contract ${c.contractId} had paid ${paidSoFar} fen, more than the ${dueBy(p.paidAt)} fen due by then`,
      });
      break;
    }
  }
  if (c.status === 'active' && c.paid < dueBy(today)) {
    out.push({
      code: 'PAYMENTS_BEHIND_SCHEDULE',
      contractId: c.contractId,
      positions: c.payments.map((p) => p.position),
      detail: `contract ${c.contractId} has paid ${c.paid} fen of the ${dueBy(today)} fen due by ${today}`,
    });
  }
  out.push(...failedEvaluationFindings(c));
  return out;
}

/**
 * FAILED_EVALUATION_UNADDRESSED — 004 §三(五): 对考评不合格者，提出整改意见，并取消一定时期内…资格. A failed evaluation
 * with no penalty in force citing it (a revoked penalty no longer addresses it). Listed as soon as it is
 * recorded: the seeds set no period for the follow-up. An evaluation recorded before grades were (grade null)
 * is judged by the thresholds of the pack in force on its date, as the penalty rules judge it.
 */
export function failedEvaluationFindings(c: ContractRow): Finding[] {
  return c.evaluations
    .filter((e) => gradeOfEvaluation(c.region, e) === 'fail')
    .filter((e) => !c.penalties.some((p) => p.status === 'imposed' && p.evaluationIds.includes(e.evaluationId)))
    .map((e) => {
      const revoked = c.penalties.filter((p) => p.evaluationIds.includes(e.evaluationId));
      return {
        code: 'FAILED_EVALUATION_UNADDRESSED' as const,
        contractId: c.contractId,
        positions: [e.position, ...revoked.flatMap((p) => [p.position, ...(p.revokedPosition !== undefined ? [p.revokedPosition] : [])])],
        detail:
          `evaluation ${e.evaluationId} of contract ${c.contractId} (${e.evaluator}, ${e.evaluatedAt}, score ${e.score}) is graded fail ` +
          `${e.grade === null ? 'by its score (no grade recorded) ' : ''}and no penalty in force cites it` +
          `${revoked.length > 0 ? ` (revoked: ${revoked.map((p) => p.penaltyId).join(', ')})` : ''}: ` +
          `a failed evaluation calls for rectification and may cost eligibility for a period (004 §三(五)); listed from the day it is recorded`,
      };
    });
}

/** A region-year whose reservations pass 90% of its cap. */
export function budgetFindings(region: string, fiscalYear: number, reserved: number, cap: number): Finding[] {
  if (cap <= 0 || reserved * 10 <= cap * 9) return [];
  return [
    {
      code: 'NEAR_BUDGET_CAP',
      positions: [],
      detail: `${region}/${fiscalYear} has reserved ${reserved} fen, ${Math.round((reserved / cap) * 1000) / 10}% of its cap of ${cap} fen`,
    },
  ];
}
