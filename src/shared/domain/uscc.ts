/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015, as API.md "Conventions" states it:
 * 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z); the 18th is the check
 * character = (31 − Σ(value(cᵢ) × wᵢ) mod 31) mod 31 over the first 17, with the weights below.
 * Pure: the HTTP layer (src/http/validators.ts) and the domain share it.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if one is outside the character set. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** True for an 18-character code (upper case) whose last character is its check character. */
export function isValidUscc(value: string): boolean {
  if (typeof value !== 'string' || value.length !== 18) return false;
  const check = usccCheckChar(value.slice(0, 17));
  return check !== null && USCC_CHARSET.includes(value[17]) && value[17] === check;
}

/** What is wrong with a code that is not a valid USCC, in words, naming the expected check character; null when valid. */
export function usccProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string of 18 characters';
  if (value.length !== 18) return `must be 18 characters, got ${value.length}`;
  for (let i = 0; i < 18; i++) {
    if (!USCC_CHARSET.includes(value[i]))
      return `character ${i + 1} (${JSON.stringify(value[i])}) is not one of ${USCC_CHARSET} (upper case; no I, O, S, V, Z)`;
  }
  const check = usccCheckChar(value.slice(0, 17))!;
  return value[17] === check
    ? null
    : `the check character (18th) is ${value[17]}, but the first 17 characters give ${check} (GB 32100-2015)`;
}
