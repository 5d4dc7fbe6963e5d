import { CURRENT_SCHEMA_VERSION, isLedgerEventType, type LedgerEvent } from './index';
import type { BudgetReservedV1Data } from './budgets/budgets.events.v1';
import { upcastBudgetReservedV1 } from './budgets/budgets.upcasters';
import type { FundAllocatedV1Data } from './funds/funds.events.v1';
import { upcastFundAllocatedV1 } from './funds/funds.upcasters';
import type { PenaltyImposedV1Data } from './penalties/penalties.events.v1';
import type { PenaltyImposedV2Data } from './penalties/penalties.events.v2';
import { upcastPenaltyImposedV1, upcastPenaltyImposedV2 } from './penalties/penalties.upcasters';
import type { ContractorDebarredV1Data, CreditRepairedV1Data, DishonestyRecordPublishedV1Data } from './contractors/contractors.events.v1';
import { upcastContractorDebarredV1, upcastCreditRepairedV1, upcastDishonestyRecordPublishedV1 } from './contractors/contractors.upcasters';
import type { ContractorAwardedV1Data, ProjectRegisteredV1Data, TenderPublishedV1Data } from './projects/projects.events.v1';
import { upcastContractorAwardedV1, upcastProjectRegisteredV1, upcastTenderPublishedV1 } from './projects/projects.upcasters';
import type {
  ContractCompletedV1Data,
  ContractSignedV1Data,
  PerformanceEvaluatedV1Data,
  TakeoverActivatedV1Data,
} from './contracts/contracts.events.v1';
import {
  upcastContractCompletedV1,
  upcastContractSignedV1,
  upcastPerformanceEvaluatedV1,
  upcastTakeoverActivatedV1,
} from './contracts/contracts.upcasters';

/**
 * Upcasting, applied on read: a stored event (any schemaVersion ever written) becomes the current
 * shape before any evolve or projection sees it. Stored entries are never rewritten — their hashes
 * commit to the bytes as written — so old shapes live on in the ledger and are translated here.
 *
 * UPCASTERS[type][n] turns version n into version n + 1; reading chains them up to
 * CURRENT_SCHEMA_VERSION[type]. Adding a version: keep the old shape in `<agg>.events.v<n>.ts`,
 * add its step here, bump the current version (the compiler checks it against the event type).
 */
type Step = (data: never) => unknown;

export const UPCASTERS: { readonly [type: string]: { readonly [fromVersion: number]: Step } } = {
  FundAllocated: { 1: (data: FundAllocatedV1Data) => upcastFundAllocatedV1(data) },
  PenaltyImposed: {
    1: (data: PenaltyImposedV1Data) => upcastPenaltyImposedV1(data),
    2: (data: PenaltyImposedV2Data) => upcastPenaltyImposedV2(data),
  },
  PerformanceEvaluated: { 1: (data: PerformanceEvaluatedV1Data) => upcastPerformanceEvaluatedV1(data) },
  DishonestyRecordPublished: { 1: (data: DishonestyRecordPublishedV1Data) => upcastDishonestyRecordPublishedV1(data) },
  CreditRepaired: { 1: (data: CreditRepairedV1Data) => upcastCreditRepairedV1(data) },
  ContractorDebarred: { 1: (data: ContractorDebarredV1Data) => upcastContractorDebarredV1(data) },
  TenderPublished: { 1: (data: TenderPublishedV1Data) => upcastTenderPublishedV1(data) },
  ContractorAwarded: { 1: (data: ContractorAwardedV1Data) => upcastContractorAwardedV1(data) },
  ProjectRegistered: { 1: (data: ProjectRegisteredV1Data) => upcastProjectRegisteredV1(data) },
  ContractSigned: { 1: (data: ContractSignedV1Data) => upcastContractSignedV1(data) },
  TakeoverActivated: { 1: (data: TakeoverActivatedV1Data) => upcastTakeoverActivatedV1(data) },
  ContractCompleted: { 1: (data: ContractCompletedV1Data) => upcastContractCompletedV1(data) },
  BudgetReserved: { 1: (data: BudgetReservedV1Data) => upcastBudgetReservedV1(data) },
};

/** What the store gives back: type, version and data as written (plus the private part, if kept). */
export interface StoredEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly private?: unknown;
}

export class UnknownEventError extends Error {}

/** A stored event in its current shape. Throws for an unknown type or a version newer than this code. */
export function upcast(stored: StoredEvent): LedgerEvent {
  if (!isLedgerEventType(stored.type)) throw new UnknownEventError(`unknown event type ${JSON.stringify(stored.type)}`);
  const current: number = CURRENT_SCHEMA_VERSION[stored.type];
  if (!Number.isSafeInteger(stored.schemaVersion) || stored.schemaVersion < 1 || stored.schemaVersion > current) {
    throw new UnknownEventError(`${stored.type} schemaVersion ${stored.schemaVersion} is not readable (current is ${current})`);
  }
  let data = stored.data;
  for (let version = stored.schemaVersion; version < current; version++) {
    const step = UPCASTERS[stored.type]?.[version];
    if (!step) throw new UnknownEventError(`no upcaster for ${stored.type} v${version} → v${version + 1}`);
    data = step(data as never);
  }
  return {
    type: stored.type,
    schemaVersion: current,
    data,
    ...(stored.private !== undefined && stored.private !== null ? { private: stored.private } : {}),
  } as LedgerEvent;
}
