import type {
  ContractAnnounced,
  ContractCompleted,
  ContractEvent,
  ContractSignedData,
  Fen,
  FinalSettlement,
  Grade,
  IsoDate,
  PaymentMade,
  PerformanceEvaluated,
  Severity,
  TakeoverActivated,
  ViolationKind,
  ViolationRecorded,
} from '../../../events';
import { gradeOfScore, type PolicyPack } from '../../policy';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { compact, ContextMismatchError, privateOf } from '../../shared/domain/decider';
import type { ContractCommand } from './contract-commands';
import { checkCompletion, checkPayment, checkPaymentAfterAcceptance, checkTakeover, checkViolation } from './contract-rules';

/**
 * Contract (stream `contract-<contractId>`). It is born by ContractSigned, decided by the projects
 * decider against the award (SignContract); penalties end it with ContractTerminated and
 * TakeoverActivated. This decider handles what happens under a signed contract.
 */

export interface RecordedViolation {
  readonly kind: ViolationKind;
  readonly severity: Severity;
  readonly occurredAt: IsoDate;
}

/** What a penalty reads of an evaluation: its grade (null: written before grades, derived by the rules) and score. */
export interface RecordedEvaluation {
  readonly score: number;
  readonly grade: Grade | null;
  readonly evaluatedAt: IsoDate;
}

interface SignedContract {
  readonly contract: ContractSignedData;
  readonly announcedAt: IsoDate | null;
  readonly paid: Fen;
  readonly paymentIds: readonly string[];
  readonly evaluations: { readonly [evaluationId: string]: RecordedEvaluation };
  readonly violations: { readonly [violationId: string]: RecordedViolation };
  /** The takeover plan was started (000 §四(四)3): by a penalty's termination or by the purchaser. */
  readonly takeoverActivatedAt: IsoDate | null;
}

export type ContractState =
  | { readonly status: 'none' }
  | (SignedContract & { readonly status: 'active' })
  | (SignedContract & {
      readonly status: 'terminated';
      readonly terminatedAt: IsoDate;
      readonly penaltyId: string;
    })
  | (SignedContract & {
      readonly status: 'completed';
      readonly acceptedAt: IsoDate;
      /** Σ payments on acceptance; with the settlement, what may still be paid (checkPaymentAfterAcceptance). */
      readonly paidOnAcceptance: Fen;
      readonly finalSettlement: FinalSettlement | null;
    });

export const initialState = (): ContractState => ({ status: 'none' });

export function evolve(state: ContractState, event: ContractEvent): ContractState {
  if (event.type === 'ContractSigned') {
    const empty = { announcedAt: null, paid: 0, paymentIds: [], evaluations: {}, violations: {}, takeoverActivatedAt: null };
    return { status: 'active', contract: event.data, ...empty };
  }
  if (state.status === 'none') return state; // nothing happens to a contract before it is signed
  switch (event.type) {
    case 'ContractAnnounced':
      return { ...state, announcedAt: event.data.announcedAt };
    case 'PaymentMade':
      return { ...state, paid: state.paid + event.data.amount, paymentIds: [...state.paymentIds, event.data.paymentId] };
    case 'PerformanceEvaluated': {
      const { evaluationId, score, grade, evaluatedAt } = event.data;
      return { ...state, evaluations: { ...state.evaluations, [evaluationId]: { score, grade, evaluatedAt } } };
    }
    case 'ViolationRecorded': {
      const { violationId, kind, severity, occurredAt } = event.data;
      return { ...state, violations: { ...state.violations, [violationId]: { kind, severity, occurredAt } } };
    }
    case 'ContractTerminated':
      return {
        ...state,
        status: 'terminated',
        terminatedAt: event.data.terminatedAt,
        penaltyId: event.data.penaltyId,
      };
    case 'TakeoverActivated':
      return { ...state, takeoverActivatedAt: event.data.activatedAt };
    case 'ContractCompleted': {
      const { acceptedAt, paid, finalSettlement } = event.data;
      return { ...state, status: 'completed', acceptedAt, paidOnAcceptance: paid, finalSettlement };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown contract event ${JSON.stringify(unknown)}`);
    }
  }
}

/** The business date that selects the policy pack: policyFor(state.contract.region, businessDateOf(command)). */
export function businessDateOf(command: ContractCommand): IsoDate {
  switch (command.type) {
    case 'AnnounceContract':
      return command.data.announcedAt;
    case 'RecordPayment':
      return command.data.paidAt;
    case 'RecordEvaluation':
      return command.data.evaluatedAt;
    case 'RecordViolation':
      return command.data.occurredAt;
    case 'CompleteContract':
      return command.data.acceptedAt;
    case 'ActivateTakeover':
      return command.data.activatedAt;
    default: {
      const unknown: never = command;
      throw new Error(`unknown contract command ${JSON.stringify(unknown)}`);
    }
  }
}

type Decided = ContractAnnounced | PaymentMade | PerformanceEvaluated | ViolationRecorded | ContractCompleted | TakeoverActivated;

/** policy: the pack in force for the contract's region on the command's business date (RecordPayment, RecordEvaluation read it). */
export function decide(command: ContractCommand, state: ContractState, policy: PolicyPack): Decided[] {
  const { contractId } = command.data;
  if (state.status === 'none') throw new RuleViolation('NOT_FOUND', `contract ${contractId} has not been signed`);
  const signed = state.contract;
  if (signed.contractId !== contractId) throw new ContextMismatchError(`contract state of ${signed.contractId} given for ${contractId}`);
  const notBeforeSigning = (date: IsoDate, what: string): void =>
    assertInOrder({ field: what, date }, { what: `contract ${contractId} was signed`, date: signed.signedAt });
  const mustBeActive = (what: string): void => {
    if (state.status !== 'active') throw new RuleViolation('INVALID_STATE', `cannot ${what}: contract ${contractId} is ${state.status}`);
  };
  switch (command.type) {
    case 'AnnounceContract': {
      // Announcing is a disclosure duty (000 §四(三)4) that outlives the contract: allowed in any status, once.
      const { announcedAt, url } = command.data;
      if (state.announcedAt !== null)
        throw new RuleViolation('INVALID_STATE', `contract ${contractId} was already announced on ${state.announcedAt}`);
      notBeforeSigning(announcedAt, 'announcement');
      return [{ type: 'ContractAnnounced', schemaVersion: 1, data: { contractId, announcedAt, url }, ...privateOf(command.data) }];
    }
    case 'RecordPayment': {
      const { paymentId, amount, paidAt, purpose } = command.data;
      // After acceptance, what the final settlement left payable may still be paid (000 §四(五)2).
      if (state.status !== 'completed' || state.finalSettlement === null) mustBeActive(`pay ${paymentId}`);
      if (state.paymentIds.includes(paymentId))
        throw new RuleViolation('ALREADY_EXISTS', `payment ${paymentId} is already recorded on contract ${contractId}`);
      notBeforeSigning(paidAt, `payment ${paymentId} on`);
      checkPayment(command.data, state.paid, signed.amount, policy);
      if (state.status === 'completed') checkPaymentAfterAcceptance(command.data, state);
      return [
        { type: 'PaymentMade', schemaVersion: 1, data: { contractId, paymentId, amount, paidAt, purpose }, ...privateOf(command.data) },
      ];
    }
    case 'RecordEvaluation': {
      // Evaluations may follow termination or completion (结项验收, 004 §三(五)).
      const { evaluationId, evaluator, score, evaluatedAt, summary, satisfactionRate } = command.data;
      if (Object.hasOwn(state.evaluations, evaluationId))
        throw new RuleViolation('ALREADY_EXISTS', `evaluation ${evaluationId} is already recorded on contract ${contractId}`);
      notBeforeSigning(evaluatedAt, `evaluation ${evaluationId} on`);
      // A stated grade is recorded as stated, even where the score would band otherwise: the evaluator's
      // document is the record, and the thresholds are a parameter without a source in the seeds.
      const grade = command.data.grade ?? gradeOfScore(score, policy.evaluationGrades);
      return [
        {
          type: 'PerformanceEvaluated',
          schemaVersion: 2,
          data: compact({ contractId, evaluationId, evaluator, score, evaluatedAt, summary, satisfactionRate, grade }),
          ...privateOf(command.data),
        },
      ];
    }
    case 'RecordViolation': {
      // Violations may come to light after termination or completion (e.g. fraud found in an audit).
      const { violationId, kind, severity, occurredAt, description } = command.data;
      if (Object.hasOwn(state.violations, violationId))
        throw new RuleViolation('ALREADY_EXISTS', `violation ${violationId} is already recorded on contract ${contractId}`);
      checkViolation(violationId, kind, severity);
      return [
        {
          type: 'ViolationRecorded',
          schemaVersion: 1,
          data: { contractId, contractorUscc: signed.contractorUscc, violationId, kind, severity, occurredAt, description },
          ...privateOf(command.data),
        },
      ];
    }
    case 'CompleteContract': {
      const { acceptedAt, report, finalSettlement } = command.data;
      mustBeActive('complete it');
      notBeforeSigning(acceptedAt, 'acceptance');
      checkCompletion(contractId, signed.amount, state.paid, finalSettlement);
      const settlement = finalSettlement === undefined ? null : { amount: finalSettlement.amount, reason: finalSettlement.reason };
      return [
        {
          type: 'ContractCompleted',
          schemaVersion: 2,
          data: { contractId, acceptedAt, report, paid: state.paid, finalSettlement: settlement },
          ...privateOf(command.data),
        },
      ];
    }
    case 'ActivateTakeover': {
      const { activatedAt, reason } = command.data;
      mustBeActive('activate its takeover plan');
      checkTakeover(command.data, signed.signedAt, state.takeoverActivatedAt);
      return [
        {
          type: 'TakeoverActivated',
          schemaVersion: 2,
          data: { contractId, projectId: signed.projectId, penaltyId: null, activatedAt, reason },
          ...privateOf(command.data),
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown contract command ${JSON.stringify(unknown)}`);
    }
  }
}

export const contractDecider = { decide, evolve, initialState } as const;

export type {
  ActivateTakeover,
  AnnounceContract,
  CompleteContract,
  ContractCommand,
  RecordEvaluation,
  RecordPayment,
  RecordViolation,
} from './contract-commands';
import { assertInOrder } from '../../shared/domain/business-dates';
