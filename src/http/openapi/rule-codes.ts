import type { RuleCode } from '../../shared/domain/rule-violation';

/**
 * The rule codes (422) each command can answer today: what its decider throws, and DATE_OUT_OF_ORDER for
 * every command whose facts carry a business date (none may be after today + 1 day: the command runner;
 * src/shared/domain/business-dates.ts) (DOMAIN.md "Rules and their codes").
 * ALREADY_EXISTS (409) and NOT_FOUND (404) are not rule refusals. A command with none answers no 422.
 * Keyed by the document's path; test/e2e/openapi.e2e-spec.ts checks every command is here.
 */
export const COMMAND_RULE_CODES: Readonly<Record<string, readonly Exclude<RuleCode, 'ALREADY_EXISTS' | 'NOT_FOUND'>[]>> = {
  '/v1/funds': [],
  '/v1/contractors': [],
  '/v1/contractors/{uscc}/credit-repair': [
    'INVALID_STATE',
    'CREDIT_REPAIR_TOO_EARLY',
    'CREDIT_REPAIR_CONDITIONS_UNMET',
    'DATE_OUT_OF_ORDER',
  ],
  '/v1/contractors/{uscc}/financial-reports': ['DATE_OUT_OF_ORDER'],
  '/v1/projects': ['CATEGORY_NOT_PURCHASABLE', 'NO_FUND_BASE', 'BUDGET_CAP_EXCEEDED', 'DATE_OUT_OF_ORDER'],
  '/v1/projects/{projectId}/tender': ['INVALID_STATE', 'METHOD_NOT_ALLOWED', 'APPROVAL_REQUIRED', 'DATE_OUT_OF_ORDER'],
  '/v1/projects/{projectId}/award': [
    'INVALID_STATE',
    'CONTRACTOR_NOT_ELIGIBLE',
    'AWARD_EXCEEDS_BUDGET',
    'LOWEST_PRICE_ONLY',
    'CONTRACTOR_CONDITIONS_UNMET',
    'DATE_OUT_OF_ORDER',
  ],
  '/v1/projects/{projectId}/contracts': [
    'INVALID_STATE',
    'CONTRACT_MISMATCH',
    'CONTRACT_TERM_TOO_LONG',
    'DATE_OUT_OF_ORDER',
    'BUDGET_SOURCE_REQUIRED',
    'BUDGET_CAP_EXCEEDED',
  ],
  '/v1/contracts/{contractId}/announcement': ['INVALID_STATE', 'DATE_OUT_OF_ORDER'],
  '/v1/contracts/{contractId}/payments': ['INVALID_STATE', 'PROHIBITED_USE_OF_FUNDS', 'PAYMENT_EXCEEDS_CONTRACT', 'DATE_OUT_OF_ORDER'],
  '/v1/contracts/{contractId}/evaluations': ['INVALID_STATE', 'DATE_OUT_OF_ORDER'],
  '/v1/contracts/{contractId}/violations': ['SUBCONTRACTING_PROHIBITED', 'DATE_OUT_OF_ORDER'],
  '/v1/contracts/{contractId}/completion': ['INVALID_STATE', 'CONTRACT_MISMATCH', 'DATE_OUT_OF_ORDER'],
  '/v1/contracts/{contractId}/takeover': ['INVALID_STATE', 'DATE_OUT_OF_ORDER'],
  '/v1/contracts/{contractId}/penalties': [
    'PENALTY_WITHOUT_VIOLATION',
    'INVALID_STATE',
    'DEBARMENT_PERIOD_INVALID',
    'DISHONESTY_RECORD_NOT_ALLOWED',
    'PUBLICATION_PERIOD_INVALID',
    'DATE_OUT_OF_ORDER',
  ],
  '/v1/penalties/{penaltyId}/revocation': ['INVALID_STATE', 'DATE_OUT_OF_ORDER'],
  '/v1/admin/erasures': ['NOTHING_TO_ERASE'],
};
