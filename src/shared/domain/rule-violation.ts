/**
 * Rule codes of DOMAIN.md "Rules and their codes". A refused command throws
 * RuleViolation from its decider; the HTTP layer turns it into 422 problem+json
 * (409 for ALREADY_EXISTS) with the code as `code` and the detail as `detail`.
 */
export const RULE_CODES = [
  'CATEGORY_NOT_PURCHASABLE',
  'BUDGET_CAP_EXCEEDED',
  'BUDGET_SOURCE_REQUIRED',
  'NO_FUND_BASE',
  'INVALID_STATE',
  'METHOD_NOT_ALLOWED',
  'APPROVAL_REQUIRED',
  'CONTRACTOR_NOT_ELIGIBLE',
  'AWARD_EXCEEDS_BUDGET',
  'CONTRACT_TERM_TOO_LONG',
  'CONTRACT_MISMATCH',
  'PAYMENT_EXCEEDS_CONTRACT',
  'PROHIBITED_USE_OF_FUNDS',
  'SUBCONTRACTING_PROHIBITED',
  'PENALTY_WITHOUT_VIOLATION',
  'DEBARMENT_PERIOD_INVALID',
  'DISHONESTY_RECORD_NOT_ALLOWED',
  'PUBLICATION_PERIOD_INVALID',
  'CREDIT_REPAIR_TOO_EARLY',
  'CREDIT_REPAIR_CONDITIONS_UNMET',
  'DATE_OUT_OF_ORDER',
  'CONTRACTOR_CONDITIONS_UNMET',
  'LOWEST_PRICE_ONLY',
  'NOTHING_TO_ERASE',
] as const;

export type RuleCode = (typeof RULE_CODES)[number] | 'ALREADY_EXISTS' | 'NOT_FOUND';

export class RuleViolation extends Error {
  constructor(
    readonly code: RuleCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
