import type { Grade } from '../../../events/common';
import type { ContractOutcome, DishonestyNotice, PenaltyNotice } from '../../../projections/disclosure/disclosure.projection';

/** Chinese names of the codes the project and contractor pages show (004 §三(五) for grades). Complete records, as labels.ts. */
export const GRADE_NAMES: Record<Grade, string> = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  fail: '不合格',
};

export const PENALTY_STATUS_NAMES: Record<PenaltyNotice['status'], string> = {
  imposed: '已作出',
  revoked: '已撤销',
};

export const DISHONESTY_STATUS_NAMES: Record<DishonestyNotice['status'], string> = {
  published: '公示中',
  withdrawn: '已撤回',
};

export const OUTCOME_NAMES: Record<ContractOutcome['status'], string> = {
  active: '履行中',
  terminated: '已解除',
  completed: '已验收',
};

/** A grade, or what a score recorded before grades were (PerformanceEvaluated v1) shows instead. */
export const gradeName = (grade: Grade | null): string => (grade === null ? '未评定等级' : GRADE_NAMES[grade]);
