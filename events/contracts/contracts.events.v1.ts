import type { Evaluator, EventOf, IsoDate } from '../common';

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
