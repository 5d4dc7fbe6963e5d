import type { LedgerEvent } from '../../events';

/**
 * Sealed until announced (000 §四(三)4: 合同应当依法予以公告; issue 11): a contract's terms, and the
 * events that reveal them, wait in the contract's own row until its ContractAnnounced entry, which
 * then releases them in ledger order. One mechanism for every read model that pages over released
 * items (OCDS releases, the credit feed) or folds them into another row (credit records).
 *
 * A released item is keyed by (position of the announcement, position of its own entry): keys sort
 * in the order items became public, so a cursor over them passes each exactly once, even though a
 * released item's own position is older than items already served.
 */
export interface Sealed<Item> {
  readonly announced: boolean;
  /** What waits for the announcement, oldest first. */
  readonly pending: readonly Item[];
}

/** A contract row's seal from its signing. */
export const sealedAtSigning = { announced: false, pending: [] } as const;

/** The row with the item held while its contract is unannounced; unchanged once announced (the caller shows the item at once). */
export function hold<Item, R extends Sealed<Item>>(row: R, item: Item): R {
  return row.announced ? row : { ...row, pending: [...row.pending, item] };
}

/** The row after its announcement: nothing waits any more (the announcement released it). */
export function announce<R extends Sealed<unknown>>(row: R): R {
  return row.announced ? row : { ...row, announced: true, pending: [] };
}

/** The keys of what an announcement releases, in ledger order; `key(publishedBy, position)` names one item. */
export function releasedKeys<R extends Sealed<{ readonly position: number }>>(
  row: R,
  announcement: number,
  key: (publishedBy: number, position: number) => string,
): string[] {
  return row.announced ? [] : row.pending.map((p) => key(announcement, p.position));
}

/** The held item of that position, as the row stood before its announcement. */
export function heldItem<Item extends { readonly position: number }>(row: Sealed<Item>, position: number): Item | undefined {
  return row.pending.find((p) => p.position === position);
}

/**
 * On credit routes (API.md `/v1/credit/**`), the contract whose announcement an event waits for, or null
 * if the event is shown at once. Sealed: the contract itself and what reveals its terms or its
 * performance (payments, evaluations, its end with the amounts paid and unpaid). Not sealed: the
 * contractor's identity and misconduct — ViolationRecorded (kind, severity, date, and on the credit feed
 * its description, which issue 14 makes public)
 * and the penalty with its consequences (debarment, dishonesty record), which name the contract by id
 * only. ContractTerminated waits: it carries the contract's money (paid / unpaid), and the
 * termination itself is already public through the penalty's `terminateContract`.
 */
export function creditSealedContract(event: LedgerEvent): string | null {
  switch (event.type) {
    case 'ContractSigned':
    case 'PaymentMade':
    case 'PerformanceEvaluated':
    case 'ContractTerminated':
    case 'TakeoverActivated':
    case 'ContractCompleted':
      return event.data.contractId;
    default:
      return null;
  }
}
