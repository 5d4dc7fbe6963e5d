import { CONTRACTOR_KINDS } from '../../events';
import { yuan } from '../shared/domain/money';
import { CATALOGUE_CODES, PROHIBITED_CATEGORIES, PROHIBITED_PURPOSES_003 } from './catalogue';
import { DEFAULT_EVALUATION_GRADES } from './evaluation-grades';
import type { MethodRule, PolicyPack, UnsourcedParameter } from './policy-pack';

/**
 * The policy packs in force. Seeds: /work/shared/seeds/000–004 (DOMAIN.md lists them).
 * Jilin before 2020-09-18 and Inner Mongolia before 2023-02-22 fall back to the national default:
 * the seeds give no earlier provincial text with a date (001, Jilin 2018, has the same 2%-of-the-
 * same-year cap as the default, so the judgement would not differ).
 */

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
};

/** Single source needs a written justification everywhere (004 §三(四): 只能从唯一服务提供机构购买的，向社会公示并经…批准). */
const SINGLE_SOURCE: MethodRule = { requiresJustification: true, source: '004 §三(四)' };

/** 采购限额标准 default: 1,000,000 CNY (DOMAIN.md METHOD_NOT_ALLOWED; a parameter per pack). */
const DEFAULT_PROCUREMENT_THRESHOLD = yuan(1_000_000);
const NO_THRESHOLD_FIGURE: UnsourcedParameter = {
  parameter: 'procurementThreshold',
  reason: "the seeds name the 采购限额标准 (001 §二(四), 003 §一(二)) but give no figure; 1,000,000 CNY is the ledger's default",
};

/** Where the parameters shared by every pack come from. */
export const CONTRACTOR_KINDS_SOURCE = '000 §二(一)';
export const CATALOGUE_SOURCE = '000 附件 (吉林省政府购买社会救助服务清单), 000 §三(一), 001 §二(一); prohibited: 000 §三(二), 003 §一(一)';

/** Outside Jilin, the shared parameters (term, catalogue, contractor kinds) come from Jilin's 000: no seed of the jurisdiction gives them. */
const FROM_JILIN = (jurisdiction: string): UnsourcedParameter[] =>
  (['contractTerm', 'catalogue', 'allowedContractorKinds'] as const).map((parameter) => ({
    parameter,
    reason: `taken from Jilin's 000 (${parameter === 'contractTerm' ? '§四(三)2–3' : parameter === 'catalogue' ? 'annex, §三' : '§二(一)'}); no seed of ${jurisdiction} gives it`,
  }));

/** The grades' score thresholds: no seed gives them (evaluation-grades.ts). */
const EVALUATION_GRADES_UNSOURCED = { parameter: 'evaluationGrades', reason: DEFAULT_EVALUATION_GRADES.reason ?? '' };

const COMMON = {
  procurementThreshold: DEFAULT_PROCUREMENT_THRESHOLD,
  // 000 §四(三)2–3: term ≤ 1 year, extendable to ≤ 3 years for stable, continuous services with justification.
  contractTerm: { months: 12, extendedMonths: 36, source: '000 §四(三)2–3' },
  // 000 §二(一): enterprises, social organisations, public institutions (class II, and those engaged in production and business), rural collectives, grassroots autonomous organisations.
  allowedContractorKinds: [...CONTRACTOR_KINDS],
  catalogue: CATALOGUE_CODES,
  prohibitedCategories: PROHIBITED_CATEGORIES,
  // No seed gives score thresholds for 优秀/良好/合格/不合格: a parameter without a source (evaluation-grades.ts).
  evaluationGrades: DEFAULT_EVALUATION_GRADES,
} as const;

/** National default: any province without a pack of its own in force on the date. */
export const NATIONAL_DEFAULT: PolicyPack = deepFreeze({
  id: 'cn-default-2012',
  title: '全国默认（民发〔2012〕196号及其引用的国家规定）',
  jurisdiction: 'national',
  effectiveFrom: '2012-11-14',
  sources: ['004 民发〔2012〕196号', 'DOMAIN.md: other provinces use the same year'],
  budgetCap: { basisPoints: 200, baseYear: 'same', source: 'DOMAIN.md BUDGET_CAP_EXCEEDED (other provinces: same year)' },
  methods: {
    public_tender: { source: '004 §三(四): 原则上应通过公开招标方式' },
    invited_tender: { source: '004 §三(四)' },
    competitive_negotiation: { source: '004 §三(四)' },
    competitive_consultation: { source: '001 §二(四)' },
    inquiry: { source: '002 §三(四): 询价' },
    single_source: SINGLE_SOURCE,
    // Below the procurement threshold the purchase is outside government-procurement methods (001 §二(四)).
    self_organized: { belowProcurementThreshold: true, source: '001 §二(四)' },
  },
  // 004 names no payment purpose that the funds may not pay for.
  prohibitedPurposes: {},
  ...COMMON,
  unsourced: [
    EVALUATION_GRADES_UNSOURCED,
    { parameter: 'effectiveFrom', reason: "004 carries no date in the seed text; 2012-11-14 is the ledger's choice for 民发〔2012〕196号" },
    {
      parameter: 'budgetCap',
      reason: "no national seed sets a cap (004 sets none); 2% of the same year is DOMAIN.md's rule for other provinces",
    },
    NO_THRESHOLD_FIGURE,
    {
      parameter: 'methods.competitive_consultation',
      reason: "cited from Jilin's 001 §二(四); 004 §三(四) names public tender, invited tender, competitive negotiation, single source",
    },
    { parameter: 'methods.inquiry', reason: "cited from Jilin's 2014 opinions 002 §三(四); 004 §三(四) does not name 询价" },
    { parameter: 'methods.self_organized', reason: "cited from Jilin's 001 §二(四); 004 does not name self-organised purchase" },
    ...FROM_JILIN('the national default'),
  ],
});

/** Jilin (22): 吉林省政府购买社会救助服务操作指南, 吉民发〔2020〕44号, in force from issue (000 §六: 自印发之日起执行). */
export const JILIN_2020: PolicyPack = deepFreeze({
  id: 'jl-2020',
  title: '吉林省政府购买社会救助服务操作指南（吉民发〔2020〕44号）',
  jurisdiction: '22',
  effectiveFrom: '2020-09-18',
  sources: ['000 吉民发〔2020〕44号', '001 吉民发〔2018〕21号', '002 吉政办发〔2014〕6号'],
  // 000 §五 (and 001 §三(四)): ≤ 2% of the SAME year's central and provincial special social-assistance funds.
  budgetCap: { basisPoints: 200, baseYear: 'same', source: '000 §五, 001 §三(四)' },
  methods: {
    // 000 §四(三) names five methods: 公开招标、邀请招标、竞争性谈判、竞争性磋商、单一来源采购. 询价 (inquiry),
    // which the 2014 opinions (002 §三(四)) listed, is not among them, so the 2020 guide does not allow it.
    public_tender: { source: '000 §四(三)' },
    invited_tender: { source: '000 §四(三)' },
    competitive_negotiation: { source: '000 §四(三)' },
    competitive_consultation: { source: '000 §四(三)' },
    single_source: SINGLE_SOURCE,
    // 001 §二(四): the procurement methods bind projects 在采购限额标准以上; below it the purchaser may organise it.
    self_organized: { belowProcurementThreshold: true, source: '001 §二(四)' },
  },
  // 000–002 list no prohibited payment purpose: only 专款专用…不得改变原使用方向 (001 §三(四)) and 不得截留、挪用和滞留资金
  // (002 §四(三)), which a purpose code cannot judge. Hiring and labour dispatch are refused as purchases (000 §三(二)5).
  prohibitedPurposes: {},
  ...COMMON,
  unsourced: [NO_THRESHOLD_FIGURE, EVALUATION_GRADES_UNSOURCED],
});

/** Inner Mongolia (15): 关于进一步规范2023年政府购买社会救助服务工作的通知, dated 2023-02-22 (published 2023-03-14). */
export const INNER_MONGOLIA_2023: PolicyPack = deepFreeze({
  id: 'nm-2023',
  title: '内蒙古自治区民政厅关于进一步规范2023年政府购买社会救助服务工作的通知',
  jurisdiction: '15',
  effectiveFrom: '2023-02-22',
  sources: ['003 内蒙古 2023'],
  // 003 §一(三): 原则上不得超过上年度中央和自治区下拨的困难群众救助补助资金总和的2% — the PREVIOUS year.
  budgetCap: { basisPoints: 200, baseYear: 'previous', source: '003 §一(三)' },
  methods: {
    // 003 §一(二): 主要通过竞争性磋商方式 … 单项采购金额400万元以上的，可采用公开招标 … 采购限额标准以下 … 自行组织采购.
    competitive_consultation: { source: '003 §一(二)' },
    public_tender: { minAmount: yuan(4_000_000), source: '003 §一(二)' },
    self_organized: { belowProcurementThreshold: true, source: '003 §一(二)' },
    single_source: SINGLE_SOURCE,
  },
  // 003 §一(一): no wages or subsidies of hired or dispatched staff, working funds, equipment or construction.
  prohibitedPurposes: PROHIBITED_PURPOSES_003,
  ...COMMON,
  unsourced: [
    EVALUATION_GRADES_UNSOURCED,
    {
      parameter: 'effectiveTo',
      reason: '003 is a notice for the 2023 work and names no end date; the pack stays in force until a later one replaces it',
    },
    NO_THRESHOLD_FIGURE,
    ...FROM_JILIN('Inner Mongolia'),
  ],
});

export const POLICY_PACKS: readonly PolicyPack[] = deepFreeze([NATIONAL_DEFAULT, JILIN_2020, INNER_MONGOLIA_2023]);
