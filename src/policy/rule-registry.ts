import type { PolicyPack } from './policy-pack';

/**
 * Every rule code the service answers with, as data: the refusals of DOMAIN.md "Rules and their codes" (422)
 * and the compliance findings of GET /v1/audit/findings. docs/rules.md is generated from it and the packs
 * (`npm run rules`); test/unit/project/rules-doc.spec.ts fails when a code raised in src/ is missing here.
 * A new code is ONE entry below: { code, kind, rule, source } — plus `appliesIn` only when not every pack applies it.
 */
export interface RuleEntry {
  readonly code: string;
  /** 'refusal': the command is refused, nothing is appended; 'finding': listed by GET /v1/audit/findings. */
  readonly kind: 'refusal' | 'finding';
  /** What the rule requires, in short English. */
  readonly rule: string;
  /** Seed document and section (000–004, DOMAIN.md), or the law it rests on. */
  readonly source: string;
  /**
   * Which packs apply it. Absent: every procurement pack (not a pack parameter). A predicate: the procurement
   * packs whose data make it apply. 'credit': the credit publication packs. 'every': all packs alike (a rule of
   * the ledger's own consistency or of the law, not of a policy).
   */
  readonly appliesIn?: ((pack: PolicyPack) => boolean) | 'credit' | 'every';
}

export const RULES: readonly RuleEntry[] = [
  // Refusals (422), in the order of DOMAIN.md's table.
  {
    code: 'CATEGORY_NOT_PURCHASABLE',
    kind: 'refusal',
    rule: "category in the pack's catalogue; prohibited items refused",
    source: '000 §三, 003 §一(一)',
  },
  {
    code: 'BUDGET_CAP_EXCEEDED',
    kind: 'refusal',
    rule: "reserved budgets of a region-year ≤ the pack's cap of the base year's special funds",
    source: '000 §五, 001 §三(四), 003 §一(三)',
  },
  {
    code: 'BUDGET_SOURCE_REQUIRED',
    kind: 'refusal',
    rule: "a multi-year contract states the budget source of each later year with instalments (exactly those years); each year's instalments count against that year's cap",
    source: '000 §四(三)3, 000 §五',
  },
  { code: 'NO_FUND_BASE', kind: 'refusal', rule: 'a fund allocation is recorded for the base year', source: '000 §五' },
  { code: 'INVALID_STATE', kind: 'refusal', rule: 'commands follow the lifecycle order', source: '000 §四' },
  {
    code: 'METHOD_NOT_ALLOWED',
    kind: 'refusal',
    rule: 'procurement method allowed by the pack, on its conditions',
    source: '000 §四(三), 003 §一(二), 004 §三(四)',
  },
  {
    code: 'APPROVAL_REQUIRED',
    kind: 'refusal',
    rule: "finance department's approval for single source, invited tender, competitive negotiation; public notice for single source",
    source: '004 §三(四)',
  },
  {
    code: 'CONTRACTOR_NOT_ELIGIBLE',
    kind: 'refusal',
    rule: 'contractor known, of an allowed kind, not debarred at award or signing',
    source: '000 §二, §四(四)4',
  },
  {
    code: 'CONTRACTOR_CONDITIONS_UNMET',
    kind: 'refusal',
    rule: 'evidence of each contractor condition; no serious violation or penalty within 3 years',
    source: '000 §二(二)1–5, 002 §三(二), 004 §三(二)',
  },
  { code: 'AWARD_EXCEEDS_BUDGET', kind: 'refusal', rule: 'award ≤ project budget and ≤ tender price ceiling', source: '000 §四(一)' },
  {
    code: 'LOWEST_PRICE_ONLY',
    kind: 'refusal',
    rule: 'price is not the only award criterion for services',
    source: '000 §四(三), 001 §二(四)',
  },
  {
    code: 'CONTRACT_TERM_TOO_LONG',
    kind: 'refusal',
    rule: "term within the pack's months; longer up to its extended months with a justification",
    source: '000 §四(三)2–3',
  },
  {
    code: 'CONTRACT_MISMATCH',
    kind: 'refusal',
    rule: 'contract matches the award; payment schedule sums to the amount, each instalment due inside the term; completion with unpaid instalments states its finalSettlement',
    source: '000 §四(三)1',
  },
  {
    code: 'PAYMENT_EXCEEDS_CONTRACT',
    kind: 'refusal',
    rule: 'cumulative payments ≤ contract amount; after acceptance, ≤ what was paid then plus the final settlement',
    source: '000 §四(五)2',
  },
  {
    code: 'PROHIBITED_USE_OF_FUNDS',
    kind: 'refusal',
    rule: "payment purpose not among the pack's prohibited purposes",
    source: '003 §一(一)',
    appliesIn: (p) => Object.keys(p.prohibitedPurposes).length > 0,
  },
  {
    code: 'SUBCONTRACTING_PROHIBITED',
    kind: 'refusal',
    rule: 'a subcontracting violation is always serious',
    source: '000 §四(四)2, 002 §三(四)',
  },
  {
    code: 'PENALTY_WITHOUT_VIOLATION',
    kind: 'refusal',
    rule: 'a penalty cites recorded violations, or failed evaluations, of the contract',
    source: '000 §四(四)4, 004 §三(五)',
  },
  {
    code: 'DEBARMENT_PERIOD_INVALID',
    kind: 'refusal',
    rule: 'debarment from ≤ until, for serious violations or failed evaluations only',
    source: '000 §四(四)4, 004 §三(五)',
  },
  {
    code: 'DISHONESTY_RECORD_NOT_ALLOWED',
    kind: 'refusal',
    rule: 'a dishonesty record only for a penalty citing a serious violation',
    source: '000 §四(四)4, 001 §二(六)',
  },
  {
    code: 'PUBLICATION_PERIOD_INVALID',
    kind: 'refusal',
    rule: "publication period within the credit pack's bounds for the severity",
    source: 'NDRC Order 36 (2025); Order 58 (2023); 发改办财金〔2019〕527号',
    appliesIn: 'credit',
  },
  {
    code: 'CREDIT_REPAIR_TOO_EARLY',
    kind: 'refusal',
    rule: 'credit repair only after the minimum publication period',
    source: 'NDRC Order 36 (2025)',
    appliesIn: 'credit',
  },
  {
    code: 'CREDIT_REPAIR_CONDITIONS_UNMET',
    kind: 'refusal',
    rule: 'credit repair with obligations fulfilled and a credit commitment',
    source: 'NDRC Order 36 (2025)',
    appliesIn: 'credit',
  },
  {
    code: 'DATE_OUT_OF_ORDER',
    kind: 'refusal',
    rule: "business dates in lifecycle order (tender ≥ registration, award ≥ tender, signing ≥ award, contract facts ≥ signing), at most one day after today (China Standard Time), a project's facts not before 1 January of the year before its fiscal year",
    source: '— (consistency)',
    appliesIn: 'every',
  },
  {
    code: 'NOTHING_TO_ERASE',
    kind: 'refusal',
    rule: 'erasure only of an entry with a private part',
    source: 'PIPL art. 47',
    appliesIn: 'every',
  },
  // Findings (GET /v1/audit/findings): what a refusal could not stop.
  {
    code: 'LATE_ANNOUNCEMENT',
    kind: 'finding',
    rule: 'contract announced within 2 working days of signing (official calendar)',
    source: 'Government Procurement Law implementing regulations art. 50; 000 §四(三)4',
  },
  {
    code: 'MISSING_EVALUATIONS',
    kind: 'finding',
    rule: 'an ended contract has the purchaser, service-recipient and third-party evaluations',
    source: '000 §四(五)',
  },
  { code: 'PAYMENTS_BEHIND_SCHEDULE', kind: 'finding', rule: 'an active contract has paid what fell due', source: '000 §四(五)2' },
  { code: 'PAYMENTS_AHEAD_OF_SCHEDULE', kind: 'finding', rule: 'no payment beyond what had fallen due', source: '000 §四(五)2' },
  {
    code: 'NEAR_BUDGET_CAP',
    kind: 'finding',
    rule: "a region-year's reservations above 90% of its cap (90% is the ledger's warning level)",
    source: '000 §五, 003 §一(三)',
  },
  {
    code: 'FAILED_EVALUATION_UNADDRESSED',
    kind: 'finding',
    rule: 'a failed evaluation is answered by a penalty in force citing it (rectification, debarment for a period)',
    source: '004 §三(五)',
  },
  {
    code: 'MISSING_FINANCIAL_REPORT',
    kind: 'finding',
    rule: 'a contractor with an active contract has filed its audited financial report for the last closed year',
    source: '000 §四(四)2, 002 §四(三)',
  },
];
