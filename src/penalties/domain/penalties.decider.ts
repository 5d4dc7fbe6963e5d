import type {
  BudgetReleased,
  DecisionNumberIssued,
  DebarmentPeriod,
  Fen,
  IsoDate,
  Organization,
  PenaltyCategory,
  PenaltyEvent,
  PenaltyImposed,
  PenaltyImposedData,
  PenaltyRevoked,
} from '../../../events';
import type { ContractState } from '../../contracts/domain/contracts.decider';
import { compact, ContextMismatchError, privateOf, type Command, type PrivateFields } from '../../shared/domain/decider';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { checkDecisionNumber, type AuthorityRegister } from './authority-register';
import { releaseOnTermination, type BudgetYears } from '../../budgets/domain/multi-year';
import { compensationsOf, consequencesOf, type Compensation, type Consequence } from './penalty-consequences';
import {
  checkCited,
  checkContractState,
  checkDebarment,
  checkDishonestyRecord,
  checkPenaltyDates,
  publicationOf,
  severityOf,
} from './penalty-rules';
import { assertInOrder } from '../../shared/domain/business-dates';

// The register and the rules live beside the decider; its callers keep importing them from here.
export { authorityRegister, type AuthorityRegister } from './authority-register';
export { mostSevere } from './penalty-rules';

/**
 * Penalty (stream `penalty-<penaltyId>`), 000 §四(四)3–4: 依法进行处罚，按照法律规定或合同约定终止合同执行，
 * 依法禁止相关主体在一定期限内参与…，并…将失信记录在省及当地信用平台公示; and the takeover plan (临时接管预案).
 * 004 §三(五): 对考评不合格者，提出整改意见，并取消一定时期内承接…资格 — a penalty may cite failed evaluations instead.
 *
 * Why a decider and not a saga: a penalty and its consequences (termination + takeover, debarment,
 * dishonesty record; on revocation the compensating lift and withdrawal) must be all-or-nothing. One
 * decision returns them all, and the shell commits them in ONE append across the penalty, contract and
 * contractor streams. A saga reacting to PenaltyImposed would leave a window where the penalty is on the
 * ledger but the contractor is not yet debarred (an award could slip through), and a failed follow-up
 * step would leave a half-applied penalty that needs its own repair.
 */

export type ImposePenalty = Command<
  'ImposePenalty',
  {
    readonly penaltyId: string;
    readonly contractId: string;
    /** Recorded violations of the contract and/or its failed evaluations (004 §三(五)); at least one of them. */
    readonly violationIds?: readonly string[];
    readonly evaluationIds?: readonly string[];
    readonly decidedAt: IsoDate;
    /** 整改期限 (004 §三(五): 提出整改意见); not before decidedAt. */
    readonly rectificationDeadline?: IsoDate;
    /** The 双公示 administrative-penalty data items (API.md). */
    readonly decisionNumber: string;
    readonly legalBasis: string;
    readonly facts: string;
    readonly penaltyCategories: readonly PenaltyCategory[];
    readonly content: string;
    readonly authority: { readonly name: string; readonly uscc: string };
    /** 数据来源单位; the authority when absent. */
    readonly dataSource?: { readonly name: string; readonly uscc: string };
    readonly fine?: Fen;
    readonly terminateContract?: boolean;
    readonly debarment?: DebarmentPeriod;
    readonly publishDishonestyRecord?: boolean;
    /** Within the bounds for the penalty's severity as of decidedAt; the maximum when absent. */
    readonly publicationMonths?: number;
  } & PrivateFields
>;

export type RevokePenalty = Command<
  'RevokePenalty',
  { readonly penaltyId: string; readonly decidedAt: IsoDate; readonly reason: string } & PrivateFields
>;

export type PenaltyCommand = ImposePenalty | RevokePenalty;

export interface PenaltyContexts {
  /**
   * contract-<contractId>: its recorded violations, status, contractor and payments; authority-<uscc> of
   * the command's authority: the decision numbers it has already issued.
   */
  readonly ImposePenalty: {
    readonly contract: ContractState;
    readonly authority: AuthorityRegister;
    /**
     * budget-<region>-<year> of every year the contract may hold reservations in (contractBudgetYears), which a
     * termination releases; the shell reads them when the command terminates. Absent: no release is decided.
     */
    readonly budgetYears?: BudgetYears;
  };
  /** The penalty's own state knows every consequence to compensate. */
  readonly RevokePenalty: undefined;
}

export type PenaltyState =
  | { readonly status: 'none' }
  | { readonly status: 'imposed'; readonly penalty: PenaltyImposedData }
  | { readonly status: 'revoked'; readonly penalty: PenaltyImposedData; readonly revokedAt: IsoDate };

export const initialState = (): PenaltyState => ({ status: 'none' });

export function evolve(state: PenaltyState, event: PenaltyEvent): PenaltyState {
  switch (event.type) {
    case 'PenaltyImposed':
      return { status: 'imposed', penalty: event.data };
    case 'PenaltyRevoked':
      return state.status === 'imposed' ? { status: 'revoked', penalty: state.penalty, revokedAt: event.data.decidedAt } : state;
    default: {
      const unknown: never = event;
      throw new Error(`unknown penalty event ${JSON.stringify(unknown)}`);
    }
  }
}

/** The penalty's own events, its consequences on the contract and contractor streams, and their compensations. */
export type PenaltyDecision = PenaltyImposed | DecisionNumberIssued | Consequence | BudgetReleased | PenaltyRevoked | Compensation;

export function decide<C extends PenaltyCommand>(command: C, state: PenaltyState, context: PenaltyContexts[C['type']]): PenaltyDecision[] {
  const cmd: PenaltyCommand = command;
  switch (cmd.type) {
    case 'ImposePenalty':
      return impose(cmd, state, context as PenaltyContexts['ImposePenalty']);
    case 'RevokePenalty':
      return revoke(cmd, state);
    default: {
      const unknown: never = cmd;
      throw new Error(`unknown penalty command ${JSON.stringify(unknown)}`);
    }
  }
}

function impose(
  cmd: ImposePenalty,
  state: PenaltyState,
  { contract, authority: register, budgetYears }: PenaltyContexts['ImposePenalty'],
): PenaltyDecision[] {
  const d = { ...cmd.data, violationIds: cmd.data.violationIds ?? [], evaluationIds: cmd.data.evaluationIds ?? [] };
  const { penaltyId, contractId, decidedAt } = d;
  if (state.status !== 'none') throw new RuleViolation('ALREADY_EXISTS', `penalty ${penaltyId} already exists`);
  checkDecisionNumber(register, d);
  if (contract.status === 'none') throw new RuleViolation('NOT_FOUND', `contract ${contractId} has not been signed`);
  if (contract.contract.contractId !== contractId)
    throw new ContextMismatchError(`contract state of ${contract.contract.contractId} given for ${contractId}`);
  checkCited(d, contract);
  checkContractState(d, contract);
  checkPenaltyDates(d, contract);
  const cited = d.violationIds.map((id) => contract.violations[id]);
  const severity = severityOf(d, contract);
  checkDebarment(d, severity, contract);
  checkDishonestyRecord(d, severity, contract);
  const publication = publicationOf(penaltyId, severity, decidedAt, d.publicationMonths);
  const contractorUscc = contract.contract.contractorUscc;
  const { projectId } = contract.contract;
  const authority: Organization = { name: d.authority.name, uscc: d.authority.uscc };
  const dataSource: Organization = d.dataSource ? { name: d.dataSource.name, uscc: d.dataSource.uscc } : authority;
  const imposed: PenaltyImposed = {
    type: 'PenaltyImposed',
    schemaVersion: 3,
    data: compact({
      penaltyId,
      contractId,
      projectId,
      contractorUscc,
      violationIds: [...d.violationIds],
      evaluationIds: [...d.evaluationIds],
      decidedAt,
      rectificationDeadline: d.rectificationDeadline ?? null,
      decisionNumber: d.decisionNumber,
      legalBasis: d.legalBasis,
      violationType: [...new Set(cited.map((v) => v.kind))],
      severity,
      facts: d.facts,
      penaltyCategories: [...d.penaltyCategories],
      content: d.content,
      authority,
      dataSource,
      fine: d.fine,
      terminateContract: d.terminateContract === true,
      debarment: d.debarment && { from: d.debarment.from, until: d.debarment.until },
      publishDishonestyRecord: d.publishDishonestyRecord === true,
      ...publication,
    }),
    ...privateOf(d),
  };
  return [
    imposed,
    ...consequencesOf(imposed.data, contract),
    // The unpaid remainder of every year the contract reserved no longer counts against its cap (000 §五, 000 §四(三)3).
    ...(imposed.data.terminateContract && budgetYears
      ? releaseOnTermination(contract.contract, contract.paid, decidedAt, budgetYears)
      : []),
    // Last, so the consequences keep their order; the register's stream guards the number (read and written).
    {
      type: 'DecisionNumberIssued',
      schemaVersion: 1,
      data: { authorityUscc: d.authority.uscc, decisionNumber: d.decisionNumber, penaltyId, decidedAt },
    },
  ];
}

/** Revocation appends PenaltyRevoked and compensates the consequences (compensationsOf). */
function revoke(cmd: RevokePenalty, state: PenaltyState): PenaltyDecision[] {
  const { penaltyId, decidedAt, reason } = cmd.data;
  if (state.status === 'none') throw new RuleViolation('NOT_FOUND', `penalty ${penaltyId} does not exist`);
  if (state.status === 'revoked')
    throw new RuleViolation('INVALID_STATE', `penalty ${penaltyId} was already revoked on ${state.revokedAt}`);
  const p = state.penalty;
  assertInOrder({ field: 'revocation on', date: decidedAt }, { what: `penalty ${penaltyId} was decided`, date: p.decidedAt });
  return [
    {
      type: 'PenaltyRevoked',
      schemaVersion: 1,
      data: { penaltyId, contractId: p.contractId, contractorUscc: p.contractorUscc, decidedAt, reason },
      ...privateOf(cmd.data),
    },
    ...compensationsOf(p, decidedAt, reason),
  ];
}

export const penaltyDecider = { decide, evolve, initialState } as const;
