/**
 * The event catalogue: every event the procurement deciders produce, as one discriminated union
 * on `type`. Data is JSON only; private fields (recipients, internalNote) are in `private`.
 */
import type { BudgetEvent } from './budgets/budgets.events';
import type { ContractEvent } from './contracts/contracts.events';
import type { ContractorEvent } from './contractors/contractors.events';
import type { FundsEvent } from './funds/funds.events';
import type { AuthorityEvent, PenaltyEvent } from './penalties/penalties.events';
import type { ProjectEvent } from './projects/projects.events';
import type { ErasureEvent } from './erasures/erasures.events';

export * from './common';
export * from './funds/funds.events';
export * from './budgets/budgets.events';
export * from './contractors/contractors.events';
export * from './projects/projects.events';
export * from './contracts/contracts.events';
export * from './penalties/penalties.events';
export * from './erasures/erasures.events';

export type LedgerEvent =
  FundsEvent | BudgetEvent | ContractorEvent | ProjectEvent | ContractEvent | PenaltyEvent | AuthorityEvent | ErasureEvent;
export type LedgerEventType = LedgerEvent['type'];
export type EventOfType<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>;

/** The current schemaVersion of each event type; the compiler holds it equal to the types above. */
export const CURRENT_SCHEMA_VERSION: { readonly [T in LedgerEventType]: EventOfType<T>['schemaVersion'] } = {
  FundAllocated: 2,
  BudgetReserved: 2,
  BudgetReleased: 1,
  ContractorRegistered: 1,
  ContractorDebarred: 2,
  DebarmentLifted: 1,
  DishonestyRecordPublished: 2,
  DishonestyRecordWithdrawn: 1,
  CreditRepaired: 2,
  CreditPublicationEnded: 1,
  FinancialReportFiled: 1,
  ProjectRegistered: 2,
  TenderPublished: 2,
  ContractorAwarded: 2,
  ProjectContracted: 1,
  ContractSigned: 2,
  ContractAnnounced: 1,
  PaymentMade: 1,
  PerformanceEvaluated: 2,
  ViolationRecorded: 1,
  ContractTerminated: 1,
  TakeoverActivated: 2,
  ContractCompleted: 2,
  PenaltyImposed: 3,
  PenaltyRevoked: 1,
  DecisionNumberIssued: 1,
  PrivateDataErased: 1,
};

export const isLedgerEventType = (type: string): type is LedgerEventType =>
  Object.prototype.hasOwnProperty.call(CURRENT_SCHEMA_VERSION, type);
