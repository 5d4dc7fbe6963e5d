import { count } from './format';

/** The browser script that wires every VerifyFact on a page (web/src/verify-fact.ts); pass it to Layout's `scripts`. */
export const VERIFY_SCRIPT = 'js/web/src/verify-fact.js';

/**
 * A disclosed fact's ledger position, linked to its proof bundle, and a button that checks the bundle in
 * the browser. Without JavaScript the button stays hidden and the link still gives the bundle to check
 * with `ledger check-proof`; the script shows the button and writes what it checked into the <output>.
 */
export function VerifyFact({ position }: { position: number }) {
  return (
    <span class="verify-fact">
      <a href={`/v1/ledger/entries/${position}/proof`}>台账位置 {count(position)}</a>{' '}
      <button type="button" class="secondary" data-verify-position={position} hidden>
        核验此记录
      </button>{' '}
      <output aria-live="polite" />
    </span>
  );
}
