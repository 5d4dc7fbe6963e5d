import type { StoredCheckpoint } from '../event-store.port';

/** ledger_checkpoints as both adapters select it. */
export interface CheckpointRow {
  size: number;
  root: Buffer;
  note: string;
  issued_at: string;
}

export const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({
  size: r.size,
  root: Buffer.from(r.root),
  note: r.note,
  issuedAt: r.issued_at,
});
