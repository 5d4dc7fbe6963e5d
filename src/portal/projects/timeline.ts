import type {
  AwardNotice,
  DishonestyNotice,
  EvaluationResult,
  PenaltyNotice,
  ProjectInfo,
  TenderNotice,
} from '../../../projections/disclosure/disclosure.projection';
import type { DisclosedProject } from '../views/disclosure-types';

export type DisclosedContract = DisclosedProject['contracts'][number];

/** What every fact on the timeline has: the day it happened and the ledger entry that records it. */
interface Dated {
  readonly date: string;
  readonly position: number;
}

/**
 * One public fact of a project, as its page lists them. Payments have no date in the public view (only their total,
 * count and entries): they follow their contract's announcement, marked as the total so far.
 */
export type TimelineFact = Dated &
  (
    | { readonly kind: 'registered'; readonly project: ProjectInfo }
    | { readonly kind: 'tender'; readonly tender: TenderNotice }
    | { readonly kind: 'award'; readonly award: AwardNotice }
    | { readonly kind: 'signed'; readonly contract: DisclosedContract }
    | { readonly kind: 'announced'; readonly contract: DisclosedContract }
    | { readonly kind: 'payments'; readonly contract: DisclosedContract }
    | { readonly kind: 'evaluated'; readonly contract: DisclosedContract; readonly evaluation: EvaluationResult }
    | { readonly kind: 'penalty'; readonly contract: DisclosedContract; readonly penalty: PenaltyNotice }
    | { readonly kind: 'revoked'; readonly contract: DisclosedContract; readonly penalty: PenaltyNotice }
    | { readonly kind: 'dishonesty'; readonly contract: DisclosedContract; readonly record: DishonestyNotice }
    | { readonly kind: 'withdrawn'; readonly contract: DisclosedContract; readonly record: DishonestyNotice }
    | { readonly kind: 'ended'; readonly contract: DisclosedContract; readonly status: 'terminated' | 'completed' }
  );

function contractFacts(c: DisclosedContract): TimelineFact[] {
  const facts: TimelineFact[] = [
    { kind: 'signed', date: c.terms.signedAt, position: c.terms.position, contract: c },
    { kind: 'announced', date: c.announcement.announcedAt, position: c.announcement.position, contract: c },
  ];
  if (c.payments.count > 0) {
    // Sorted as of the announcement, after it: the first payment's entry comes later in the ledger.
    facts.push({ kind: 'payments', date: c.announcement.announcedAt, position: c.payments.positions[0], contract: c });
  }
  for (const evaluation of c.evaluations) {
    facts.push({ kind: 'evaluated', date: evaluation.evaluatedAt, position: evaluation.position, contract: c, evaluation });
  }
  for (const penalty of c.penalties) {
    facts.push({ kind: 'penalty', date: penalty.decidedAt, position: penalty.position, contract: c, penalty });
    if (penalty.status === 'revoked' && penalty.revokedAt !== undefined && penalty.revokedPosition !== undefined) {
      facts.push({ kind: 'revoked', date: penalty.revokedAt, position: penalty.revokedPosition, contract: c, penalty });
    }
  }
  for (const record of c.dishonestyRecords) {
    facts.push({ kind: 'dishonesty', date: record.publishedFrom, position: record.position, contract: c, record });
    if (record.status === 'withdrawn' && record.endedAt !== null && record.statusPosition !== undefined) {
      facts.push({ kind: 'withdrawn', date: record.endedAt, position: record.statusPosition, contract: c, record });
    }
  }
  const { status, at, position } = c.outcome;
  if (status !== 'active' && at !== null && position !== null) facts.push({ kind: 'ended', date: at, position, contract: c, status });
  return facts;
}

/** Every public fact of the project, oldest first; facts of one day in ledger order. */
export function projectTimeline(p: DisclosedProject): TimelineFact[] {
  const facts: TimelineFact[] = [{ kind: 'registered', date: p.registeredOn, position: p.project.position, project: p.project }];
  if (p.tender) facts.push({ kind: 'tender', date: p.tender.publishedAt, position: p.tender.position, tender: p.tender });
  if (p.award) facts.push({ kind: 'award', date: p.award.awardedAt, position: p.award.position, award: p.award });
  for (const c of p.contracts) facts.push(...contractFacts(c));
  return facts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.position - b.position));
}
