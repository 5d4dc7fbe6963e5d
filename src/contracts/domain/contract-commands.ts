import type { Evaluator, Fen, FinalSettlement, Grade, IsoDate, Severity, ViolationKind } from '../../../events';
import type { PaymentPurpose } from '../../policy';
import type { Command, PrivateFields } from '../../shared/domain/decider';

/** The commands under a signed contract, as the controllers map requests to them. */

export type AnnounceContract = Command<
  'AnnounceContract',
  { readonly contractId: string; readonly announcedAt: IsoDate; readonly url: string } & PrivateFields
>;
export type RecordPayment = Command<
  'RecordPayment',
  {
    readonly contractId: string;
    readonly paymentId: string;
    readonly amount: Fen;
    readonly paidAt: IsoDate;
    readonly purpose: PaymentPurpose;
  } & PrivateFields
>;
export type RecordEvaluation = Command<
  'RecordEvaluation',
  {
    readonly contractId: string;
    readonly evaluationId: string;
    readonly evaluator: Evaluator;
    readonly score: number;
    readonly evaluatedAt: IsoDate;
    readonly summary?: string;
    readonly satisfactionRate?: number;
    /** As the evaluator stated it; derived from the score by the pack's thresholds when absent. */
    readonly grade?: Grade;
  } & PrivateFields
>;
export type RecordViolation = Command<
  'RecordViolation',
  {
    readonly contractId: string;
    readonly violationId: string;
    readonly kind: ViolationKind;
    readonly severity: Severity;
    readonly occurredAt: IsoDate;
    readonly description: string;
  } & PrivateFields
>;
export type CompleteContract = Command<
  'CompleteContract',
  {
    readonly contractId: string;
    readonly acceptedAt: IsoDate;
    readonly report: string;
    /** Required while scheduled instalments are unpaid (contract-terms.ts checkCompletion). */
    readonly finalSettlement?: FinalSettlement;
  } & PrivateFields
>;
/** The purchaser starts the takeover plan after a service failure, without a penalty (000 §四(四)3). */
export type ActivateTakeover = Command<
  'ActivateTakeover',
  { readonly contractId: string; readonly activatedAt: IsoDate; readonly reason: string } & PrivateFields
>;

export type ContractCommand = AnnounceContract | RecordPayment | RecordEvaluation | RecordViolation | CompleteContract | ActivateTakeover;
