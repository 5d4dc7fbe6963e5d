import type { PerformanceEvaluatedData } from './contracts.events';
import type { PerformanceEvaluatedV1Data } from './contracts.events.v1';

/**
 * PerformanceEvaluated v1 → v2: v1 recorded no grade, so `grade: null` (a gap, not invented). The grade
 * by the score is a policy judgement — the thresholds of the pack in force on evaluatedAt, which events/
 * cannot see (it imports nothing) — so the rules that need it derive it (src/policy/evaluation-grades.ts).
 */
export function upcastPerformanceEvaluatedV1(data: PerformanceEvaluatedV1Data): PerformanceEvaluatedData {
  return { ...data, grade: null };
}
