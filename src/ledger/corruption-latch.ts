import { Injectable } from '@nestjs/common';

/** Commands refused because the ledger is corrupt: API.md's 503 LEDGER_CORRUPT. */
export class LedgerCorruptError extends Error {
  readonly code = 'LEDGER_CORRUPT';
  constructor(
    readonly firstBadPosition: number,
    detail: string,
  ) {
    super(
      `the ledger is corrupt from position ${firstBadPosition} (${detail}); commands are refused until an operator repairs it and restarts the service`,
    );
  }
}

/** Where the self-check found the ledger no longer matching what it committed to. */
export interface Corruption {
  readonly firstBadPosition: number;
  readonly detail: string;
}

/**
 * Set once the ledger is found corrupt, and never cleared in this process: writing on top of
 * entries that no longer match their hashes (or signing them) would bury the damage, so only an
 * operator's restart after repair lifts it. Reads go on; commands are refused.
 */
@Injectable()
export class CorruptionLatch {
  private found: Corruption | null = null;

  get current(): Corruption | null {
    return this.found;
  }

  /** Records the corruption; true when it is news (the first, or an earlier position than known). */
  report(firstBadPosition: number, detail: string): boolean {
    if (this.found && this.found.firstBadPosition <= firstBadPosition) return false;
    this.found = { firstBadPosition, detail };
    return true;
  }

  assertWritable(): void {
    if (this.found) throw new LedgerCorruptError(this.found.firstBadPosition, this.found.detail);
  }
}
