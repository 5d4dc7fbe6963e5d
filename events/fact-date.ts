import type { IsoDate } from './common';
import type { LedgerEvent } from './index';

/**
 * The business date a fact states it happened on (API.md "Conventions": the `...At`/`...On` date of its
 * command), or null for a fact that states none (a fund allocation, a contractor's registration): those say
 * what exists, not what happened when. `?asOf=<date>` keeps the facts dated on or before it, and every undated one.
 */
export function factDate(event: LedgerEvent): IsoDate | null {
  switch (event.type) {
    case 'FundAllocated':
    case 'ContractorRegistered':
    // An erasure states no business date: it acts on the store (recordedAt says when), not on the facts.
    case 'PrivateDataErased':
      return null;
    case 'BudgetReserved':
      return event.data.reservedAt;
    case 'BudgetReleased':
      return event.data.releasedAt;
    case 'ProjectRegistered':
      return event.data.registeredOn;
    case 'TenderPublished':
      return event.data.publishedAt;
    case 'ContractorAwarded':
      return event.data.awardedAt;
    case 'ProjectContracted':
    case 'ContractSigned':
      return event.data.signedAt;
    case 'ContractAnnounced':
      return event.data.announcedAt;
    case 'PaymentMade':
      return event.data.paidAt;
    case 'PerformanceEvaluated':
      return event.data.evaluatedAt;
    case 'ViolationRecorded':
      return event.data.occurredAt;
    case 'ContractTerminated':
      return event.data.terminatedAt;
    case 'TakeoverActivated':
      return event.data.activatedAt;
    case 'ContractCompleted':
      return event.data.acceptedAt;
    case 'PenaltyImposed':
    case 'PenaltyRevoked':
    case 'DecisionNumberIssued':
    case 'ContractorDebarred':
      return event.data.decidedAt;
    case 'DebarmentLifted':
      return event.data.liftedAt;
    case 'DishonestyRecordPublished':
      return event.data.publishedAt;
    case 'DishonestyRecordWithdrawn':
      return event.data.withdrawnAt;
    case 'CreditRepaired':
      return event.data.repairedAt;
    case 'CreditPublicationEnded':
      return event.data.endedOn;
    case 'FinancialReportFiled':
      return event.data.auditedOn;
  }
}
