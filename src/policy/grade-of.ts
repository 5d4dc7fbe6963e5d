import type { Grade, IsoDate, RegionCode } from '../../events';
import { gradeOfScore } from './evaluation-grades';
import { policyFor } from './policy-for';

/**
 * The grade of a recorded evaluation: as recorded, or — for an entry written before grades were recorded
 * (PerformanceEvaluated v1, upcast to `grade: null`) — derived from its score by the thresholds of the pack
 * in force for the contract's region on its evaluatedAt, so a later change of thresholds never regrades it.
 */
export function gradeOfEvaluation(
  region: RegionCode,
  e: { readonly score: number; readonly grade: Grade | null; readonly evaluatedAt: IsoDate },
): Grade {
  return e.grade ?? gradeOfScore(e.score, policyFor(region, e.evaluatedAt).evaluationGrades);
}
