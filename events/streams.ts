import type { LedgerEvent } from './index';

/**
 * Stream naming — one place. Every event belongs to exactly one stream; a decision may produce
 * events for several streams, which the shell commits atomically (one append, each stream guarded
 * by the version it was read at).
 *
 *   fund-<region>-<fiscalYear>      FundAllocated                        (e.g. fund-220100-2024)
 *   budget-<region>-<fiscalYear>    BudgetReserved, BudgetReleased       (e.g. budget-220100-2024)
 *   contractor-<uscc>               ContractorRegistered, ContractorDebarred, DebarmentLifted,
 *                                   DishonestyRecordPublished, DishonestyRecordWithdrawn, CreditRepaired,
 *                                   CreditPublicationEnded, FinancialReportFiled
 *   project-<projectId>             ProjectRegistered, TenderPublished, ContractorAwarded, ProjectContracted
 *   contract-<contractId>           ContractSigned, ContractAnnounced, PaymentMade, PerformanceEvaluated,
 *                                   ViolationRecorded, ContractTerminated, TakeoverActivated, ContractCompleted
 *   penalty-<penaltyId>             PenaltyImposed, PenaltyRevoked
 *   authority-<uscc>                DecisionNumberIssued (the 处罚机关's register of 文号)
 *   erasures                        PrivateDataErased (the one register of erasures: an erasure may name entries
 *                                   of any stream, and one stream tells which positions are erased and by which entry)
 *
 * Region codes are 6 digits, uscc 18 characters of [0-9A-Y], client ids ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$,
 * so every id fits the store's stream id pattern and the prefix decides the aggregate unambiguously.
 */
export const StreamIds = {
  fund: (region: string, fiscalYear: number): string => `fund-${region}-${fiscalYear}`,
  budget: (region: string, fiscalYear: number): string => `budget-${region}-${fiscalYear}`,
  contractor: (uscc: string): string => `contractor-${uscc}`,
  project: (projectId: string): string => `project-${projectId}`,
  contract: (contractId: string): string => `contract-${contractId}`,
  penalty: (penaltyId: string): string => `penalty-${penaltyId}`,
  authority: (uscc: string): string => `authority-${uscc}`,
  erasures: (): string => 'erasures',
} as const;

/** The stream an event is appended to. */
export function streamOf(event: LedgerEvent): string {
  switch (event.type) {
    case 'FundAllocated':
      return StreamIds.fund(event.data.region, event.data.fiscalYear);
    case 'BudgetReserved':
    case 'BudgetReleased':
      return StreamIds.budget(event.data.region, event.data.fiscalYear);
    case 'ContractorRegistered':
    case 'ContractorDebarred':
    case 'DebarmentLifted':
    case 'DishonestyRecordPublished':
    case 'DishonestyRecordWithdrawn':
    case 'CreditRepaired':
    case 'CreditPublicationEnded':
    case 'FinancialReportFiled':
      return StreamIds.contractor(event.data.uscc);
    case 'ProjectRegistered':
    case 'TenderPublished':
    case 'ContractorAwarded':
    case 'ProjectContracted':
      return StreamIds.project(event.data.projectId);
    case 'ContractSigned':
    case 'ContractAnnounced':
    case 'PaymentMade':
    case 'PerformanceEvaluated':
    case 'ViolationRecorded':
    case 'ContractTerminated':
    case 'TakeoverActivated':
    case 'ContractCompleted':
      return StreamIds.contract(event.data.contractId);
    case 'PenaltyImposed':
    case 'PenaltyRevoked':
      return StreamIds.penalty(event.data.penaltyId);
    case 'DecisionNumberIssued':
      return StreamIds.authority(event.data.authorityUscc);
    case 'PrivateDataErased':
      return StreamIds.erasures();
    default: {
      const unknown: never = event;
      throw new Error(`no stream for event ${JSON.stringify(unknown)}`);
    }
  }
}
