import type { ContractRow } from '../../../projections/contracts/contracts.projection';
import { WorkingCalendar, workingDaysAfter } from '../../shared/domain/working-calendar';
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
  | 'MISSING_FINANCIAL_REPORT'
  | 'FAILED_EVALUATION_UNADDRESSED';

export interface Finding {
  readonly code: FindingCode;
  readonly contractId?: string;
  /** The contractor a finding about a contractor names (MISSING_FINANCIAL_REPORT). */
  readonly uscc?: string;
  readonly detail: string;
  /** Ledger positions of the facts the finding rests on. */
  readonly positions: readonly number[];
}

const EVALUATORS = ['purchaser', 'service_recipients', 'third_party'] as const;

/** `calendar`: China's official working days (DOMAIN.md), handed in by the query. */
export function contractFindings(c: ContractRow, today: string, calendar: WorkingCalendar): Finding[] {
  const out: Finding[] = [];
  // Government Procurement Law implementing regulations art. 50; 000 §四(三)4: announce within 2 working days.
  const deadline = workingDaysAfter(c.signedAt, 2, calendar);
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

/**
 * 000 §四(四)2, 002 §四(三): a contractor keeps audited financial reports. A contractor with a contract of this
 * region-year active today (status active, startDate ≤ today ≤ endDate) and no report for the last closed year
 * (today's year − 1, China Standard Time) — one finding per contractor, resting on its active contracts' signings.
 */
export function financialReportFindings(
  contracts: readonly ContractRow[],
  reportYears: ReadonlyMap<string, readonly number[]>,
  today: string,
): Finding[] {
  const year = Number(today.slice(0, 4)) - 1;
  const active = contracts.filter((c) => c.status === 'active' && c.startDate <= today && today <= c.endDate);
  return [...new Set(active.map((c) => c.contractorUscc))]
    .filter((uscc) => !(reportYears.get(uscc) ?? []).includes(year))
    .map((uscc) => {
      const its = active.filter((c) => c.contractorUscc === uscc).sort((a, b) => a.signedPosition - b.signedPosition);
      return {
        code: 'MISSING_FINANCIAL_REPORT',
        contractId: its[0].contractId,
        uscc,
        positions: its.map((c) => c.signedPosition),
        detail: `contractor ${uscc} has an active contract (${its.map((c) => c.contractId).join(', ')}) and no audited financial report for ${year}`,
      };
    });
}
