import type { IsoDate } from '../../../events';

/** What one sweep of the publication expiry found and did. */
export interface SweepResult {
  /** The business date (UTC+8) the sweep judged by. */
  readonly today: IsoDate;
  /** Records the read model listed as published past their period. */
  readonly due: number;
  /**
   * Penalties credit_xzcf listed as published past their period (a penalty's own publication, DOMAIN.md);
   * those with a dishonesty record are among them until the record's end reaches that read model.
   */
  readonly penaltiesDue: number;
  /** CreditPublicationEnded entries this sweep appended (another instance may have appended the rest). */
  readonly appended: number;
  /** False when the read model was rebuilding or had not caught up: another sweep follows soon. */
  readonly complete: boolean;
}
