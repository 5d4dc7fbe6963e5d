import type { Evaluator, EventOf, Fen, IsoDate } from '../common';
import type { ContractSignedData } from './contracts.events';

/**
 * Contract events as first stored (schemaVersion 1). Kept only so the upcasters (contracts.upcasters.ts)
 * can read entries written before v2; nothing writes v1 any more.
 */

/** ContractSigned v1: no 临时接管预案 (000 §四(四)3) recorded. */
export type ContractSignedV1Data = Omit<ContractSignedData, 'takeoverPlan'>;
export type ContractSignedV1 = EventOf<'ContractSigned', 1, ContractSignedV1Data>;

/** TakeoverActivated v1: only ever ordered by a penalty, so it always named one and gave no reason. */
export type TakeoverActivatedV1Data = {
  readonly contractId: string;
  readonly projectId: string;
  readonly penaltyId: string;
  readonly activatedAt: IsoDate;
};
export type TakeoverActivatedV1 = EventOf<'TakeoverActivated', 1, TakeoverActivatedV1Data>;

/** ContractCompleted v1: no final settlement recorded. */
export type ContractCompletedV1Data = {
  readonly contractId: string;
  readonly acceptedAt: IsoDate;
  readonly report: string;
  readonly paid: Fen;
};
export type ContractCompletedV1 = EventOf<'ContractCompleted', 1, ContractCompletedV1Data>;

/**
 * PerformanceEvaluated as first stored (schemaVersion 1): no grade. Kept here only so the upcaster
 * (contracts.upcasters.ts) can read entries written before v2; nothing writes v1.
 */
export type PerformanceEvaluatedV1Data = {
  readonly contractId: string;
  readonly evaluationId: string;
  readonly evaluator: Evaluator;
  readonly score: number;
  readonly evaluatedAt: IsoDate;
  readonly summary?: string;
  readonly satisfactionRate?: number;
};
export type PerformanceEvaluatedV1 = EventOf<'PerformanceEvaluated', 1, PerformanceEvaluatedV1Data>;
