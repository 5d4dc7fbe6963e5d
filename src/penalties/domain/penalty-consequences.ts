import type {
  ContractorDebarred,
  ContractTerminated,
  DebarmentLifted,
  DishonestyRecordPublished,
  DishonestyRecordWithdrawn,
  IsoDate,
  PenaltyImposedData,
  TakeoverActivated,
} from '../../../events';
import type { ContractState } from '../../contracts/domain/contracts.decider';

/**
 * What a penalty does to other streams (000 §四(四)3–4) and how its revocation compensates it. Built from the
 * penalty as imposed, so the consequences and their compensations read the same facts.
 */

export type Consequence = ContractTerminated | TakeoverActivated | ContractorDebarred | DishonestyRecordPublished;
export type Compensation = DebarmentLifted | DishonestyRecordWithdrawn;

/** In this order: termination and takeover, debarment, dishonesty record. */
export function consequencesOf(p: PenaltyImposedData, contract: Exclude<ContractState, { status: 'none' }>): Consequence[] {
  const { penaltyId, contractId, projectId, contractorUscc, decidedAt, debarment } = p;
  const events: Consequence[] = [];
  if (p.terminateContract) {
    const amount = contract.contract.amount;
    events.push({
      type: 'ContractTerminated',
      schemaVersion: 1,
      data: { contractId, penaltyId, terminatedAt: decidedAt, paid: contract.paid, unpaid: amount - contract.paid },
    });
    // The plan is started once: a purchaser's takeover after a service failure may have preceded the penalty.
    if (contract.takeoverActivatedAt === null) {
      events.push({
        type: 'TakeoverActivated',
        schemaVersion: 2,
        data: { contractId, projectId, penaltyId, activatedAt: decidedAt, reason: null },
      });
    }
  }
  if (debarment !== undefined) {
    // A penalty may debar only for a serious violation or a failed evaluation (checkDebarment): serious, or else the evaluation.
    const grounds = p.severity === 'serious' ? 'serious_violation' : 'failed_evaluation';
    events.push({
      type: 'ContractorDebarred',
      schemaVersion: 2,
      data: { uscc: contractorUscc, penaltyId, contractId, from: debarment.from, until: debarment.until, decidedAt, grounds },
    });
  }
  if (p.publishDishonestyRecord) {
    events.push({
      type: 'DishonestyRecordPublished',
      schemaVersion: 2,
      data: {
        uscc: contractorUscc,
        penaltyId,
        contractId,
        violationIds: [...p.violationIds],
        publishedAt: decidedAt,
        decisionNumber: p.decisionNumber,
        legalBasis: p.legalBasis,
        authority: p.authority,
        severity: p.severity,
        publicationMonths: p.publicationMonths,
        // A serious penalty is always published (publicationOf), so the period is never null here.
        publishedFrom: p.publishedFrom ?? decidedAt,
        publishedUntil: p.publishedUntil,
      },
    });
  }
  return events;
}

/**
 * Revocation compensates what can be compensated: the debarment is lifted (void from the start) and the
 * dishonesty record withdrawn. A termination is not undone (the takeover has happened; a new contract is a
 * new procurement) and a fine's refund happens outside the ledger.
 */
export function compensationsOf(p: PenaltyImposedData, decidedAt: IsoDate, reason: string): Compensation[] {
  const { penaltyId, contractorUscc } = p;
  const events: Compensation[] = [];
  if (p.debarment !== undefined) {
    events.push({ type: 'DebarmentLifted', schemaVersion: 1, data: { uscc: contractorUscc, penaltyId, liftedAt: decidedAt, reason } });
  }
  if (p.publishDishonestyRecord) {
    events.push({
      type: 'DishonestyRecordWithdrawn',
      schemaVersion: 1,
      data: { uscc: contractorUscc, penaltyId, withdrawnAt: decidedAt, reason },
    });
  }
  return events;
}
