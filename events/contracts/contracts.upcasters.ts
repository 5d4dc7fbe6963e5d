import type { ContractCompletedData, ContractSignedData, PerformanceEvaluatedData, TakeoverActivatedData } from './contracts.events';
import type {
  ContractCompletedV1Data,
  ContractSignedV1Data,
  PerformanceEvaluatedV1Data,
  TakeoverActivatedV1Data,
} from './contracts.events.v1';

/** ContractSigned v1 → v2: v1 recorded no takeover plan — null (a gap, shown as missing), never invented. */
export function upcastContractSignedV1(data: ContractSignedV1Data): ContractSignedData {
  return { ...data, takeoverPlan: null };
}

/** TakeoverActivated v1 → v2: every v1 takeover was ordered by its penalty; it stated no reason of its own. */
export function upcastTakeoverActivatedV1(data: TakeoverActivatedV1Data): TakeoverActivatedData {
  return { ...data, reason: null };
}

/** ContractCompleted v1 → v2: v1 recorded no final settlement — null, as for a completion that stated none. */
export function upcastContractCompletedV1(data: ContractCompletedV1Data): ContractCompletedData {
  return { ...data, finalSettlement: null };
}

/**
 * PerformanceEvaluated v1 → v2: v1 recorded no grade, so `grade: null` (a gap, not invented). The grade
 * by the score is a policy judgement — the thresholds of the pack in force on evaluatedAt, which events/
 * cannot see (it imports nothing) — so the rules that need it derive it (src/policy/evaluation-grades.ts).
 */
export function upcastPerformanceEvaluatedV1(data: PerformanceEvaluatedV1Data): PerformanceEvaluatedData {
  return { ...data, grade: null };
}
