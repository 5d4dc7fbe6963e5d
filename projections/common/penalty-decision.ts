import type { PenaltyImposedData } from '../../events';

/** The decision items of a penalty that the 双公示 standard publishes, as every credit read model shows them. */
export type PenaltyDecisionItems = Pick<
  PenaltyImposedData,
  'decisionNumber' | 'legalBasis' | 'violationType' | 'severity' | 'facts' | 'penaltyCategories' | 'content' | 'authority' | 'dataSource'
>;

/**
 * The 双公示 items (文号, 依据, 违法行为类型, 严重程度, 事实, 类别, 内容, 机关, 数据来源) of a penalty, copied one by one:
 * an allow-list, so a field added to the event later is not published by accident. `null` is a gap of an
 * entry written before the ledger recorded the item (PenaltyImposed v1), shown as missing.
 */
export function penaltyDecisionItems(d: PenaltyImposedData): PenaltyDecisionItems {
  return {
    decisionNumber: d.decisionNumber,
    legalBasis: d.legalBasis,
    violationType: d.violationType,
    severity: d.severity,
    facts: d.facts,
    penaltyCategories: d.penaltyCategories,
    content: d.content,
    authority: d.authority,
    dataSource: d.dataSource,
  };
}
