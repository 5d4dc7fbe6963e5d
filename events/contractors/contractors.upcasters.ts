import type { ContractorDebarredData, CreditRepairedData, DishonestyRecordPublishedData } from './contractors.events';
import type { ContractorDebarredV1Data, CreditRepairedV1Data, DishonestyRecordPublishedV1Data } from './contractors.events.v1';

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

/**
 * ContractorDebarred v1 → v2: until penalties could cite failed evaluations (issue 15), a debarment needed a
 * serious violation (DEBARMENT_PERIOD_INVALID since the first decider), so a v1 debarment's grounds are known.
 */
export function upcastContractorDebarredV1(data: ContractorDebarredV1Data): ContractorDebarredData {
  return { ...data, grounds: 'serious_violation' };
}
