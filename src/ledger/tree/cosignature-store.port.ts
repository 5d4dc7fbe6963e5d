/** A witness's cosignature of one checkpoint, as received and checked (c2sp.org/tlog-cosignature). */
export interface StoredCosignature {
  readonly size: number;
  /** The witness's cosigner vkey: the identity a cosignature is kept under. */
  readonly witness: string;
  /** The note signature line, "— <name> <base64>". */
  readonly line: string;
  /** The witness's timestamp (POSIX seconds). */
  readonly cosignedAt: number;
  readonly receivedAt: string;
}

/** Where cosignatures are kept: beside the checkpoints, in the ledger's database, append-only. */
export interface CosignatureStore {
  /** Keeps a cosignature; one per witness and size (a second is ignored). */
  save(cosignature: StoredCosignature): Promise<void>;
  /** The signature lines for each of `sizes`, ordered by witness. */
  linesFor(sizes: readonly number[]): Promise<Map<number, string[]>>;
  /** The largest size the witness has cosigned for this ledger, 0 if none. */
  latestSize(witness: string): Promise<number>;
  /** The largest size at least `quorum` of `witnesses` have cosigned, 0 if none. */
  latestCosignedBy(witnesses: readonly string[], quorum: number): Promise<number>;
}

export const COSIGNATURE_STORE = Symbol('COSIGNATURE_STORE');
