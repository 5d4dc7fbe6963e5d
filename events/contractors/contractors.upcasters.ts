import type { CreditRepairedData, DishonestyRecordPublishedData } from './contractors.events';
import type { CreditRepairedV1Data, DishonestyRecordPublishedV1Data } from './contractors.events.v1';

/**
 * DishonestyRecordPublished v1 → v2: publication began on publishedAt (the decision date), so that is
 * publishedFrom; v1 recorded no period, decision number, basis, authority or severity: null, not invented.
 */
export function upcastDishonestyRecordPublishedV1(data: DishonestyRecordPublishedV1Data): DishonestyRecordPublishedData {
  return {
    ...data,
    decisionNumber: null,
    legalBasis: null,
    authority: null,
    severity: null,
    publicationMonths: null,
    publishedFrom: data.publishedAt,
    publishedUntil: null,
  };
}

/** CreditRepaired v1 → v2: the records it ended stay `penaltyIds`; it named no single penalty (null). */
export function upcastCreditRepairedV1(data: CreditRepairedV1Data): CreditRepairedData {
  return { ...data, penaltyId: null, commitment: null, obligationsFulfilled: null, finePaidOn: null };
}
