import type { IsoDate, Severity } from '../../events';
import { compareDates } from '../shared/domain/dates';
import { RuleViolation } from '../shared/domain/rule-violation';
import type { UnsourcedParameter } from './policy-pack';

/**
 * Credit policy: how long a penalty (行政处罚信息) and its dishonesty record are published, by severity, as
 * DATA in force from effectiveFrom to effectiveTo (both inclusive). A record is judged by the pack in force
 * on its DECISION DATE — publication is counted from that day in every text below — so a later rule never
 * changes the period of an earlier decision (DOMAIN.md "Policies are data ... as of a date").
 *
 * Article numbers are not given where the texts found (via the project's search of public pages) did not show them.
 * National rules, one pack at a time (they replace each other; no province has its own):
 * - 发改办财金〔2019〕527号《关于进一步完善"信用中国"网站及地方信用门户网站行政处罚信息信用修复机制的通知》,
 *   its rule on 公示期限 (applied from 2019-07-01): 涉及一般失信行为的行政处罚信息自行政处罚决定之日起，最短公示期限为三个月，最长
 *   公示期限为一年; 涉及严重失信行为的 … 最短六个月，最长三年.
 * - 国家发展改革委令第58号《失信行为纠正后的信用信息修复管理办法（试行）》(in force 2023-05-01 … 2026-03-31, repealed
 *   by Order 36): 行政处罚信息最短公示期为三个月，最长公示期为三年 (no general/serious split), 公示期限起点以行政处罚作出
 *   时间为准; only food, drugs, special equipment, production safety and fire get a 1-year minimum, which does not
 *   reach social-assistance services. DOMAIN.md's table says Order 58 kept the 527号 bounds; the text found says
 *   otherwise, and the text is followed here.
 * - 国家发展改革委令2025年第36号《信用修复管理办法》(from 2026-04-01), on 失信信息分类 and 公示期限: 轻微失信信息原则上
 *   不予公示 (确有必要的最长3个月); 一般失信信息最短公示期3个月、最长1年; 严重失信信息最短1年、最长3年; 公示期限自
 *   认定之日起计算; 最短公示期届满后方可申请信用修复 (same bounds as 国办发〔2025〕22号 §二).
 * `minor` is not published under any pack (the issue's rule; 527号 and Order 58 had no minor class, and Order 36's
 * "确有必要" exception is a decision of the sector authority that this ledger does not take).
 */
export interface PublicationBounds {
  readonly minMonths: number;
  readonly maxMonths: number;
  readonly source: string;
}

export interface CreditPolicyPack {
  readonly id: string;
  readonly title: string;
  readonly effectiveFrom: IsoDate;
  readonly effectiveTo?: IsoDate;
  readonly sources: readonly string[];
  /** Publication bounds by severity; null: not published. */
  readonly publication: { readonly [S in Severity]: PublicationBounds | null };
  /** Parameters above that the pack's texts do not give (docs/rules.md marks them). */
  readonly unsourced: readonly UnsourcedParameter[];
}

const MINOR_NOT_PUBLISHED = (text: string): UnsourcedParameter => ({
  parameter: 'publication.minor',
  reason: `${text} has no minor class; not publishing minor penalties is the issue's rule (DOMAIN.md's table)`,
});

export const CREDIT_2019: CreditPolicyPack = {
  id: 'cn-credit-2019',
  title: '发改办财金〔2019〕527号 行政处罚信息信用修复机制',
  effectiveFrom: '2019-07-01',
  effectiveTo: '2023-04-30',
  sources: ['发改办财金〔2019〕527号, 公示期限 (自2019年7月1日起执行)'],
  publication: {
    minor: null,
    general: { minMonths: 3, maxMonths: 12, source: '发改办财金〔2019〕527号: 一般失信行为 最短3个月，最长1年' },
    serious: { minMonths: 6, maxMonths: 36, source: '发改办财金〔2019〕527号: 严重失信行为 最短6个月，最长3年' },
  },
  unsourced: [MINOR_NOT_PUBLISHED('发改办财金〔2019〕527号')],
};

export const CREDIT_2023: CreditPolicyPack = {
  id: 'cn-credit-2023',
  title: '国家发展改革委令第58号《失信行为纠正后的信用信息修复管理办法（试行）》',
  effectiveFrom: '2023-05-01',
  effectiveTo: '2026-03-31',
  sources: ['国家发展改革委令第58号 (2023年1月13日公布，自2023年5月1日起施行)'],
  publication: {
    minor: null,
    general: { minMonths: 3, maxMonths: 36, source: '国家发展改革委令第58号: 行政处罚信息最短公示期三个月，最长三年' },
    serious: { minMonths: 3, maxMonths: 36, source: '国家发展改革委令第58号: 行政处罚信息最短公示期三个月，最长三年' },
  },
  unsourced: [MINOR_NOT_PUBLISHED('国家发展改革委令第58号')],
};

export const CREDIT_2026: CreditPolicyPack = {
  id: 'cn-credit-2026',
  title: '国家发展改革委令2025年第36号《信用修复管理办法》',
  effectiveFrom: '2026-04-01',
  sources: ['国家发展改革委令第36号 (2025年11月20日公布，自2026年4月1日起施行), 失信信息分类与公示期限', '国办发〔2025〕22号 §二'],
  publication: {
    minor: null,
    general: { minMonths: 3, maxMonths: 12, source: '国家发展改革委令第36号: 一般失信信息最短公示期3个月，最长1年' },
    serious: { minMonths: 12, maxMonths: 36, source: '国家发展改革委令第36号: 严重失信信息最短公示期1年，最长3年' },
  },
  // 轻微失信信息原则上不予公示 (Order 36): minor is sourced here.
  unsourced: [],
};

export const CREDIT_POLICY_PACKS: readonly CreditPolicyPack[] = [CREDIT_2019, CREDIT_2023, CREDIT_2026];

/**
 * The credit pack in force on a decision date. Before the first one no national publication period existed
 * that the ledger could apply: DATE_OUT_OF_ORDER, as for the procurement packs (policyFor).
 */
export function creditPolicyFor(decidedAt: IsoDate, packs: readonly CreditPolicyPack[] = CREDIT_POLICY_PACKS): CreditPolicyPack {
  const pack = packs
    .filter(
      (p) => compareDates(p.effectiveFrom, decidedAt) <= 0 && (p.effectiveTo === undefined || compareDates(decidedAt, p.effectiveTo) <= 0),
    )
    .sort((a, b) => compareDates(b.effectiveFrom, a.effectiveFrom))[0];
  if (!pack) {
    const earliest = packs.map((p) => p.effectiveFrom).sort(compareDates)[0];
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `no credit publication rule is in force on ${decidedAt}: the earliest the ledger applies takes effect on ${earliest}`,
    );
  }
  return pack;
}
