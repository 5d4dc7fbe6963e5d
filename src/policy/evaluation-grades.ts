import type { Grade } from '../../events';

/**
 * Grade thresholds of a performance evaluation (004 §三(五): 考评合格 / 不合格; the usual grades 优秀, 良好, 合格,
 * 不合格). A score ≥ excellent is `excellent`, ≥ good `good`, ≥ pass `pass`, below pass `fail`.
 */
export interface EvaluationGradeThresholds {
  readonly excellent: number;
  readonly good: number;
  readonly pass: number;
  /** The text that sets the figures; null: a parameter without a source in the seeds (then `reason` says why these). */
  readonly source: string | null;
  readonly reason?: string;
}

/**
 * The seeds name the grades' consequence (004 §三(五)) but no score thresholds: 003's annex 5 (绩效评价指标模板)
 * would hold them and is not part of the seed. So the figures are a parameter without a source: the common
 * 100-point banding of Chinese performance evaluations (≥ 90 优秀, ≥ 80 良好, ≥ 60 合格, below 60 不合格).
 */
export const DEFAULT_EVALUATION_GRADES: EvaluationGradeThresholds = {
  excellent: 90,
  good: 80,
  pass: 60,
  source: null,
  reason:
    'the seeds give no score thresholds (003 lists a 绩效评价指标模板 as annex 5, not included); the common 100-point banding is used',
};

/** The grade a score earns under the thresholds. */
export function gradeOfScore(score: number, t: EvaluationGradeThresholds): Grade {
  if (score >= t.excellent) return 'excellent';
  if (score >= t.good) return 'good';
  if (score >= t.pass) return 'pass';
  return 'fail';
}
