import type { EventOf } from '../common';

/**
 * Erasure of personal data (PIPL art. 47, 《个人信息保护法》第四十七条): the private parts (content and salt)
 * of the named entries are deleted from the store in the same transaction as this fact is appended. The
 * entries, their privateDigest and every proof stay as they were. The fact names positions only: never
 * the erased data. Stream: `erasures` (events/streams.ts), the register of every erasure.
 */
/**
 * A ledger position (1-based).
 * @asType integer
 * @minimum 1
 */
export type LedgerPosition = number;

export type PrivateDataErasedData = {
  /**
   * Ledger positions whose private parts this erasure deleted, ascending; only those not erased before.
   * @minItems 1
   */
  readonly positions: LedgerPosition[];
  /** Why (e.g. the data subject's request under PIPL art. 47). */
  readonly reason: string;
  /** The legal basis stated by the administrator. */
  readonly legalBasis: string;
  /** The project named by the request, when the erasure covered a project rather than one position. */
  readonly projectId?: string;
};
export type PrivateDataErased = EventOf<'PrivateDataErased', 1, PrivateDataErasedData>;

export type ErasureEvent = PrivateDataErased;
