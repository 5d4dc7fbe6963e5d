import type {
  ContractorDebarred,
  ContractTerminated,
  DebarmentLifted,
  DebarmentPeriod,
  DishonestyRecordPublished,
  DishonestyRecordWithdrawn,
  Fen,
  IsoDate,
  Organization,
  PenaltyCategory,
  PenaltyEvent,
  PenaltyImposed,
  PenaltyImposedData,
  PenaltyRevoked,
  Severity,
  TakeoverActivated,
} from '../../../events';
import { SEVERITIES } from '../../../events/common';
import { creditPolicyFor } from '../../policy/credit-packs';
import type { ContractState } from '../../contracts/domain/contracts.decider';
import { compareDates, dayNumber, periodLastDay } from '../../shared/domain/dates';
import { compact, ContextMismatchError, privateOf, type Command, type PrivateFields } from '../../shared/domain/decider';
import { RuleViolation } from '../../shared/domain/rule-violation';

/**
 * Penalty (stream `penalty-<penaltyId>`), 000 §四(四)3–4: 依法进行处罚，按照法律规定或合同约定终止合同执行，
 * 依法禁止相关主体在一定期限内参与…，并…将失信记录在省及当地信用平台公示; and the takeover plan (临时接管预案).
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
    readonly violationIds: readonly string[];
    readonly decidedAt: IsoDate;
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
  /** contract-<contractId>: its recorded violations, status, contractor and payments. */
  readonly ImposePenalty: { readonly contract: ContractState };
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

export type PenaltyDecision =
  | PenaltyImposed
  | ContractTerminated
  | TakeoverActivated
  | ContractorDebarred
  | DishonestyRecordPublished
  | PenaltyRevoked
  | DebarmentLifted
  | DishonestyRecordWithdrawn;

export function decide<C extends PenaltyCommand>(command: C, state: PenaltyState, context: PenaltyContexts[C['type']]): PenaltyDecision[] {
  const cmd: PenaltyCommand = command;
  switch (cmd.type) {
    case 'ImposePenalty':
      return impose(cmd, state, (context as PenaltyContexts['ImposePenalty']).contract);
    case 'RevokePenalty':
      return revoke(cmd, state);
    default: {
      const unknown: never = cmd;
      throw new Error(`unknown penalty command ${JSON.stringify(unknown)}`);
    }
  }
}

function impose(cmd: ImposePenalty, state: PenaltyState, contract: ContractState): PenaltyDecision[] {
  const d = cmd.data;
  const { penaltyId, contractId, decidedAt } = d;
  if (state.status !== 'none') throw new RuleViolation('ALREADY_EXISTS', `penalty ${penaltyId} already exists`);
  if (contract.status === 'none') throw new RuleViolation('NOT_FOUND', `contract ${contractId} has not been signed`);
  if (contract.contract.contractId !== contractId)
    throw new ContextMismatchError(`contract state of ${contract.contract.contractId} given for ${contractId}`);
  // PENALTY_WITHOUT_VIOLATION — 000 §四(四)4: a penalty answers recorded conduct of that contract.
  if (d.violationIds.length === 0) throw new RuleViolation('PENALTY_WITHOUT_VIOLATION', `penalty ${penaltyId} cites no violation`);
  const recorded = Object.keys(contract.violations);
  // Own keys only: `constructor` is a valid id, not a recorded violation.
  const unknown = d.violationIds.filter((id) => !Object.hasOwn(contract.violations, id));
  if (unknown.length > 0) {
    throw new RuleViolation(
      'PENALTY_WITHOUT_VIOLATION',
      `penalty ${penaltyId} cites ${unknown.join(', ')}, not recorded on contract ${contractId} (recorded: ${recorded.length > 0 ? recorded.join(', ') : 'none'})`,
    );
  }
  if (compareDates(decidedAt, contract.contract.signedAt) < 0) {
    throw new RuleViolation(
      'INVALID_STATE',
      `penalty decided on ${decidedAt}, before contract ${contractId} was signed (${contract.contract.signedAt})`,
    );
  }
  const terminate = d.terminateContract === true;
  if (terminate && contract.status !== 'active') {
    throw new RuleViolation(
      'INVALID_STATE',
      `penalty ${penaltyId} orders termination, but contract ${contractId} is already ${contract.status}`,
    );
  }
  const cited = d.violationIds.map((id) => contract.violations[id]);
  const severity = mostSevere(cited.map((v) => v.severity));
  if (d.debarment !== undefined) {
    // DEBARMENT_PERIOD_INVALID — 000 §四(四)4: 情节严重 … 一定期限内禁止参与: a period, for serious violations only.
    const { from, until } = d.debarment;
    if (compareDates(from, until) > 0) {
      throw new RuleViolation(
        'DEBARMENT_PERIOD_INVALID',
        `debarment from ${from} until ${until}: from is ${dayNumber(from) - dayNumber(until)} day(s) after until`,
      );
    }
    if (severity !== 'serious') {
      throw new RuleViolation(
        'DEBARMENT_PERIOD_INVALID',
        `debarment needs a serious violation; penalty ${penaltyId} cites none (${describeCited(d.violationIds, contract)})`,
      );
    }
  }
  const publish = d.publishDishonestyRecord === true;
  // DISHONESTY_RECORD_NOT_ALLOWED — 000 §四(四)4, 001 §二(六): 失信记录 only for 情节严重、造成恶劣社会影响.
  if (publish && severity !== 'serious') {
    throw new RuleViolation(
      'DISHONESTY_RECORD_NOT_ALLOWED',
      `a dishonesty record needs a serious violation; penalty ${penaltyId} is ${severity} (${describeCited(d.violationIds, contract)})`,
    );
  }
  const publication = publicationOf(penaltyId, severity, decidedAt, d.publicationMonths);
  const contractorUscc = contract.contract.contractorUscc;
  const { projectId } = contract.contract;
  const authority: Organization = { name: d.authority.name, uscc: d.authority.uscc };
  const dataSource: Organization = d.dataSource ? { name: d.dataSource.name, uscc: d.dataSource.uscc } : authority;
  const events: PenaltyDecision[] = [
    {
      type: 'PenaltyImposed',
      schemaVersion: 2,
      data: compact({
        penaltyId,
        contractId,
        projectId,
        contractorUscc,
        violationIds: [...d.violationIds],
        decidedAt,
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
        terminateContract: terminate,
        debarment: d.debarment && { from: d.debarment.from, until: d.debarment.until },
        publishDishonestyRecord: publish,
        ...publication,
      }),
      ...privateOf(d),
    },
  ];
  if (terminate) {
    const amount = contract.contract.amount;
    events.push(
      {
        type: 'ContractTerminated',
        schemaVersion: 1,
        data: { contractId, penaltyId, terminatedAt: decidedAt, paid: contract.paid, unpaid: amount - contract.paid },
      },
      { type: 'TakeoverActivated', schemaVersion: 1, data: { contractId, projectId, penaltyId, activatedAt: decidedAt } },
    );
  }
  if (d.debarment !== undefined) {
    events.push({
      type: 'ContractorDebarred',
      schemaVersion: 1,
      data: { uscc: contractorUscc, penaltyId, contractId, from: d.debarment.from, until: d.debarment.until, decidedAt },
    });
  }
  if (publish) {
    events.push({
      type: 'DishonestyRecordPublished',
      schemaVersion: 2,
      data: {
        uscc: contractorUscc,
        penaltyId,
        contractId,
        violationIds: [...d.violationIds],
        publishedAt: decidedAt,
        decisionNumber: d.decisionNumber,
        legalBasis: d.legalBasis,
        authority,
        severity,
        publicationMonths: publication.publicationMonths,
        // A serious penalty is always published (publicationOf), so the period is never null here.
        publishedFrom: publication.publishedFrom ?? decidedAt,
        publishedUntil: publication.publishedUntil,
      },
    });
  }
  return events;
}

/** The most severe of the cited severities (SEVERITIES is in ascending order). */
export function mostSevere(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((a, b) => (SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a), 'minor');
}

const describeCited = (ids: readonly string[], contract: Exclude<ContractState, { status: 'none' }>): string =>
  ids.map((id) => `${id} ${contract.violations[id].severity}`).join(', ');

type Publication = Pick<PenaltyImposedData, 'publicationMonths' | 'publishedFrom' | 'publishedUntil'>;

/**
 * PUBLICATION_PERIOD_INVALID — the period of the penalty's record, as of its decision date (credit policy
 * pack): within [min, max] months for its severity, the maximum when none is chosen; from the decision
 * date, the last day inclusive (periodLastDay). A severity the pack does not publish (minor) has no period.
 */
function publicationOf(penaltyId: string, severity: Severity, decidedAt: IsoDate, chosen: number | undefined): Publication {
  const pack = creditPolicyFor(decidedAt);
  const bounds = pack.publication[severity];
  if (bounds === null) {
    if (chosen !== undefined) {
      throw new RuleViolation(
        'PUBLICATION_PERIOD_INVALID',
        `penalty ${penaltyId} is ${severity}: not published under ${pack.title} (decided ${decidedAt}), so it takes no publicationMonths`,
      );
    }
    return { publicationMonths: null, publishedFrom: null, publishedUntil: null };
  }
  const months = chosen ?? bounds.maxMonths;
  if (!Number.isInteger(months) || months < bounds.minMonths || months > bounds.maxMonths) {
    throw new RuleViolation(
      'PUBLICATION_PERIOD_INVALID',
      `publicationMonths ${months} for a ${severity} penalty decided ${decidedAt}: allowed ${bounds.minMonths}–${bounds.maxMonths} months (${bounds.source})`,
    );
  }
  return { publicationMonths: months, publishedFrom: decidedAt, publishedUntil: periodLastDay(decidedAt, months) };
}

/**
 * Revocation compensates what can be compensated: the debarment is lifted (void from the start) and the
 * dishonesty record withdrawn. A termination is not undone (the takeover has happened; a new contract is a
 * new procurement) and a fine's refund happens outside the ledger.
 */
function revoke(cmd: RevokePenalty, state: PenaltyState): PenaltyDecision[] {
  const { penaltyId, decidedAt, reason } = cmd.data;
  if (state.status === 'none') throw new RuleViolation('NOT_FOUND', `penalty ${penaltyId} does not exist`);
  if (state.status === 'revoked')
    throw new RuleViolation('INVALID_STATE', `penalty ${penaltyId} was already revoked on ${state.revokedAt}`);
  const p = state.penalty;
  if (compareDates(decidedAt, p.decidedAt) < 0) {
    throw new RuleViolation('INVALID_STATE', `revocation on ${decidedAt} is before penalty ${penaltyId} was decided (${p.decidedAt})`);
  }
  const events: PenaltyDecision[] = [
    {
      type: 'PenaltyRevoked',
      schemaVersion: 1,
      data: { penaltyId, contractId: p.contractId, contractorUscc: p.contractorUscc, decidedAt, reason },
      ...privateOf(cmd.data),
    },
  ];
  if (p.debarment !== undefined) {
    events.push({ type: 'DebarmentLifted', schemaVersion: 1, data: { uscc: p.contractorUscc, penaltyId, liftedAt: decidedAt, reason } });
  }
  if (p.publishDishonestyRecord) {
    events.push({
      type: 'DishonestyRecordWithdrawn',
      schemaVersion: 1,
      data: { uscc: p.contractorUscc, penaltyId, withdrawnAt: decidedAt, reason },
    });
  }
  return events;
}

export const penaltyDecider = { decide, evolve, initialState } as const;
