import type { ApiQueryOptions } from '@nestjs/swagger';
import { factDate } from '../../events/fact-date';
import type { LedgerEntry } from '../ledger/event-store.port';
import { eventOf } from '../ledger/fold';
import { businessDate } from '../shared/clock';
import { isValidDate } from '../shared/domain/dates';
import { ProblemException } from './problem';
import { isInstant } from './validators';

/**
 * Two meanings of "then" (API.md "Conventions"; issue 15), one per query parameter:
 * - `?asOf=YYYY-MM-DD` — what was true on that day by the facts' own dates: every fact whose business date is on
 *   or before it, however late it was recorded. A fact that states no date (a contractor's registration, a fund
 *   allocation for a fiscal year) is part of every such view: it says who or what exists, not what happened when;
 * - `?recordedBefore=<instant>` — the ledger as it was known at that instant: the entries recorded before it
 *   (what an auditor replays).
 * `?asOf=<instant>`, the form of the first release, keeps its meaning: the entries recorded up to that instant.
 */
export type TimeView =
  | { readonly kind: 'asOf'; readonly date: string }
  | { readonly kind: 'recordedBefore'; readonly instant: string }
  | { readonly kind: 'recordedUpTo'; readonly instant: string };

export function parseTimeView(asOf: unknown, recordedBefore: unknown): TimeView | null {
  if (asOf !== undefined && recordedBefore !== undefined) {
    throw new ProblemException(400, 'VALIDATION_FAILED', 'give asOf (a business date) or recordedBefore (an instant), not both', [
      { path: 'query.recordedBefore', message: 'not together with asOf' },
    ]);
  }
  if (recordedBefore !== undefined) {
    if (!isInstant(recordedBefore)) {
      throw new ProblemException(
        400,
        'VALIDATION_FAILED',
        'recordedBefore must be an ISO 8601 instant with a zone, e.g. 2024-03-01T08:00:00Z',
        [{ path: 'query.recordedBefore', message: 'must be an instant' }],
      );
    }
    return { kind: 'recordedBefore', instant: recordedBefore };
  }
  if (asOf === undefined) return null;
  if (typeof asOf === 'string' && isValidDate(asOf)) return { kind: 'asOf', date: asOf };
  if (isInstant(asOf)) return { kind: 'recordedUpTo', instant: asOf };
  throw new ProblemException(400, 'VALIDATION_FAILED', 'asOf must be a calendar date YYYY-MM-DD (or an ISO 8601 instant with a zone)', [
    { path: 'query.asOf', message: 'must be a calendar date YYYY-MM-DD' },
  ]);
}

/** Whether an entry belongs to the view. */
export function inView(entry: LedgerEntry, view: TimeView): boolean {
  switch (view.kind) {
    case 'recordedBefore':
      return Date.parse(entry.recordedAt) < Date.parse(view.instant);
    case 'recordedUpTo':
      return Date.parse(entry.recordedAt) <= Date.parse(view.instant);
    case 'asOf':
      return (factDate(eventOf(entry)) ?? view.date) <= view.date;
  }
}

/** The business day a view answers for (debarred on, in force on): its date, or the day of its instant in CST. */
export function dayOfView(view: TimeView): string {
  return view.kind === 'asOf' ? view.date : businessDate(new Date(view.instant));
}

/** How a view is echoed in a response. */
export function describeView(view: TimeView): Record<string, string> {
  return view.kind === 'recordedBefore' ? { recordedBefore: view.instant } : { asOf: view.kind === 'asOf' ? view.date : view.instant };
}

/** The two query parameters, documented once for every read that takes them. */
export const TIME_VIEW_QUERIES: readonly ApiQueryOptions[] = [
  {
    name: 'asOf',
    required: false,
    description:
      'what was true on this business date by the facts\u2019 own dates (YYYY-MM-DD). An ISO 8601 instant is also accepted: the entries recorded up to it',
    schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}', example: '2024-05-01' },
  },
  {
    name: 'recordedBefore',
    required: false,
    description: 'the ledger as it was known at this instant: the entries recorded before it (ISO 8601 with zone)',
    schema: { type: 'string', format: 'date-time', example: '2024-05-01T00:00:00Z' },
  },
];
