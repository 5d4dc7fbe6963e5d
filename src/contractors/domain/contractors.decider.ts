import type {
  ContractorEvent,
  ContractorKind,
  ContractorRegistered,
  CreditRepaired,
  DebarmentGrounds,
  IsoDate,
  RegionCode,
} from '../../../events';
import { isWithin } from '../../shared/domain/dates';
import type { PenaltyState } from '../../penalties/domain/penalties.decider';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { compact, ContextMismatchError, privateOf, type Command, type PrivateFields } from '../../shared/domain/decider';
import { checkRepairConditions, checkRepairDate } from './credit-repair-rules';
import { fileFinancialReport, type FileFinancialReport, type FinancialReportFiled } from './financial-report-rules';

/**
 * Contractor (承接主体, 000 §二) by uscc (stream `contractor-<uscc>`), with the consequences penalties
 * put on its record: debarments (000 §四(四)4: 一定期限内禁止参与) and dishonesty records (失信记录公示).
 * Debarments and dishonesty records are appended here by the penalties decider, not by commands of
 * this decider; this state is what award eligibility (projects decider) reads.
 */

export type RegisterContractor = Command<
  'RegisterContractor',
  {
    readonly uscc: string;
    readonly name: string;
    readonly kind: ContractorKind;
    readonly region?: RegionCode;
  } & PrivateFields
>;

/** 信用修复 (NDRC Order 36 of 2025) of one penalty's record: its publication and sharing end from repairedAt. */
export type RepairCredit = Command<
  'RepairCredit',
  {
    readonly uscc: string;
    readonly penaltyId: string;
    readonly repairedAt: IsoDate;
    /** The decision on the repair application. */
    readonly basis: string;
    /** The subject's public 信用承诺. */
    readonly commitment: string;
    readonly obligationsFulfilled: boolean;
    /** Required when the penalty had a fine. */
    readonly finePaidOn?: IsoDate;
  } & PrivateFields
>;

export type ContractorCommand = RegisterContractor | RepairCredit | FileFinancialReport;

export interface ContractorContexts {
  readonly RegisterContractor: undefined;
  /** penalty-<penaltyId>: the record's severity, decision date, period, fine and whether it was revoked. */
  readonly RepairCredit: { readonly penalty: PenaltyState };
  /** Today's business date (China Standard Time), from the shell's clock: an audit is not dated after it. */
  readonly FileFinancialReport: { readonly today: IsoDate };
}

export interface Debarment {
  readonly penaltyId: string;
  readonly from: IsoDate;
  readonly until: IsoDate;
  /** The penalty's decision date. */
  readonly decidedAt: IsoDate;
  /** A serious violation (000 §四(四)4) or a failed evaluation (004 §三(五)). */
  readonly grounds: DebarmentGrounds;
  /** Lifted when its penalty was revoked: void from the start, never in force. */
  readonly lifted: boolean;
}

export interface DishonestyRecord {
  readonly penaltyId: string;
  /** The penalty's decision date: a dishonesty record follows only a serious violation. */
  readonly publishedAt: IsoDate;
  readonly status: 'published' | 'withdrawn' | 'repaired' | 'expired';
}

/** How a penalty's publication ended on this contractor's record (with or without a dishonesty record). */
export interface PublicationEnd {
  readonly penaltyId: string;
  readonly status: 'repaired' | 'expired';
  readonly on: IsoDate;
}

export type ContractorState =
  | { readonly status: 'none' }
  | {
      readonly status: 'registered';
      readonly uscc: string;
      readonly name: string;
      readonly kind: ContractorKind;
      readonly debarments: readonly Debarment[];
      readonly dishonestyRecords: readonly DishonestyRecord[];
      /** Repairs and expiries, by penalty: a penalty published without a dishonesty record ends here too. */
      readonly publicationEnds: readonly PublicationEnd[];
      /** The years whose audited financial report is filed (financial-report-rules.ts). */
      readonly reportYears: readonly number[];
    };

export const initialState = (): ContractorState => ({ status: 'none' });

/** The debarment in force on `date` (from ≤ date ≤ until, not lifted), if any. */
export function debarmentOn(state: ContractorState, date: IsoDate): Debarment | undefined {
  if (state.status !== 'registered') return undefined;
  return state.debarments.find((d) => !d.lifted && isWithin(date, d.from, d.until));
}

/**
 * The penalties for a serious violation on this contractor's record decided within [since, until]: every
 * debarment for a serious violation (not one for a failed evaluation) and dishonesty record (which needs a serious
 * violation: penalty-rules.ts) not voided by a revocation.
 * A record that was repaired or expired still happened: repair ends publication, not the fact.
 */
export function seriousPenaltiesDecided(
  state: ContractorState,
  since: IsoDate,
  until: IsoDate,
): { penaltyId: string; decidedAt: IsoDate }[] {
  if (state.status !== 'registered') return [];
  const found = new Map<string, IsoDate>();
  for (const d of state.debarments)
    if (!d.lifted && d.grounds === 'serious_violation' && isWithin(d.decidedAt, since, until)) found.set(d.penaltyId, d.decidedAt);
  for (const r of state.dishonestyRecords)
    if (r.status !== 'withdrawn' && isWithin(r.publishedAt, since, until)) found.set(r.penaltyId, r.publishedAt);
  return [...found].map(([penaltyId, decidedAt]) => ({ penaltyId, decidedAt }));
}

export function evolve(state: ContractorState, event: ContractorEvent): ContractorState {
  if (event.type === 'ContractorRegistered') {
    const { uscc, name, kind } = event.data;
    return { status: 'registered', uscc, name, kind, debarments: [], dishonestyRecords: [], publicationEnds: [], reportYears: [] };
  }
  // Consequences only ever follow an award, so the contractor is registered; a stray one is ignored.
  if (state.status !== 'registered') return state;
  const records = (penaltyIds: readonly string[], status: DishonestyRecord['status']): readonly DishonestyRecord[] =>
    state.dishonestyRecords.map((r) => (penaltyIds.includes(r.penaltyId) ? { ...r, status } : r));
  switch (event.type) {
    case 'ContractorDebarred': {
      const { penaltyId, from, until, decidedAt, grounds } = event.data;
      return { ...state, debarments: [...state.debarments, { penaltyId, from, until, decidedAt, grounds, lifted: false }] };
    }
    case 'DebarmentLifted':
      return { ...state, debarments: state.debarments.map((d) => (d.penaltyId === event.data.penaltyId ? { ...d, lifted: true } : d)) };
    case 'DishonestyRecordPublished': {
      const { penaltyId, publishedAt } = event.data;
      return { ...state, dishonestyRecords: [...state.dishonestyRecords, { penaltyId, publishedAt, status: 'published' }] };
    }
    case 'DishonestyRecordWithdrawn':
      return { ...state, dishonestyRecords: records([event.data.penaltyId], 'withdrawn') };
    case 'CreditRepaired': {
      const { penaltyIds, repairedAt } = event.data;
      const ends = penaltyIds.map((penaltyId): PublicationEnd => ({ penaltyId, status: 'repaired', on: repairedAt }));
      return { ...state, dishonestyRecords: records(penaltyIds, 'repaired'), publicationEnds: [...state.publicationEnds, ...ends] };
    }
    case 'CreditPublicationEnded': {
      const { penaltyId, endedOn } = event.data;
      return {
        ...state,
        dishonestyRecords: records([penaltyId], 'expired'),
        publicationEnds: [...state.publicationEnds, { penaltyId, status: 'expired', on: endedOn }],
      };
    }
    case 'FinancialReportFiled':
      return { ...state, reportYears: [...state.reportYears, event.data.year] };
    default: {
      const unknown: never = event;
      throw new Error(`unknown contractor event ${JSON.stringify(unknown)}`);
    }
  }
}

export function decide<C extends ContractorCommand>(
  command: C,
  state: ContractorState,
  context?: ContractorContexts[C['type']],
): (ContractorRegistered | CreditRepaired | FinancialReportFiled)[] {
  const cmd: ContractorCommand = command;
  if (state.status === 'registered' && state.uscc !== cmd.data.uscc) {
    throw new ContextMismatchError(`contractor state of ${state.uscc} given for ${cmd.data.uscc}`);
  }
  switch (cmd.type) {
    case 'RegisterContractor': {
      const { uscc, name, kind, region } = cmd.data;
      if (state.status !== 'none') throw new RuleViolation('ALREADY_EXISTS', `contractor ${uscc} is already registered as ${state.name}`);
      return [{ type: 'ContractorRegistered', schemaVersion: 1, data: compact({ uscc, name, kind, region }), ...privateOf(cmd.data) }];
    }
    case 'RepairCredit': {
      if (context === undefined) throw new ContextMismatchError('RepairCredit needs the penalty state');
      return [repair(cmd, state, (context as ContractorContexts['RepairCredit']).penalty)];
    }
    case 'FileFinancialReport':
      return [fileFinancialReport(cmd, state, context as ContractorContexts['FileFinancialReport'] | undefined)];
    default: {
      const unknown: never = cmd;
      throw new Error(`unknown contractor command ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * 信用修复 of one penalty's record (NDRC Order 36 of 2025: 达到最短公示期限; 纠正失信行为、完全履行 … 义务; 公开作出
 * 信用承诺). The record must still be published on repairedAt: a withdrawn (revoked), repaired or expired one has
 * already ended — 409 ALREADY_EXISTS, the end the caller asks for is already on the ledger (not
 * CONCURRENCY_CONFLICT: no retry can succeed). The period and the conditions: credit-repair-rules.ts.
 */
function repair(cmd: RepairCredit, state: ContractorState, penalty: PenaltyState): CreditRepaired {
  const { uscc, penaltyId, repairedAt, basis, commitment, finePaidOn } = cmd.data;
  if (state.status === 'none') throw new RuleViolation('NOT_FOUND', `contractor ${uscc} is not registered`);
  if (penalty.status === 'none' || penalty.penalty.contractorUscc !== uscc) {
    throw new RuleViolation('NOT_FOUND', `contractor ${uscc} has no penalty ${penaltyId}`);
  }
  const p = penalty.penalty;
  if (penalty.status === 'revoked') {
    throw new RuleViolation(
      'ALREADY_EXISTS',
      `the record of penalty ${penaltyId} already ended: withdrawn on ${penalty.revokedAt} (penalty revoked)`,
    );
  }
  const ended = state.publicationEnds.find((e) => e.penaltyId === penaltyId);
  if (ended) throw new RuleViolation('ALREADY_EXISTS', `the record of penalty ${penaltyId} already ended: ${ended.status} on ${ended.on}`);
  const record = state.dishonestyRecords.find((r) => r.penaltyId === penaltyId);
  if (record && record.status !== 'published') {
    throw new RuleViolation('ALREADY_EXISTS', `the record of penalty ${penaltyId} already ended: ${record.status}`);
  }
  // A v1 penalty has no period of its own; its dishonesty record, if any, began on its publishedAt.
  const publishedFrom = p.publishedFrom ?? record?.publishedAt ?? null;
  if (publishedFrom === null) {
    throw new RuleViolation(
      'INVALID_STATE',
      `penalty ${penaltyId} (${p.severity ?? 'severity not recorded'}) is not published; nothing to repair`,
    );
  }
  checkRepairDate(penaltyId, repairedAt, p, publishedFrom);
  checkRepairConditions(cmd.data, p);
  return {
    type: 'CreditRepaired',
    schemaVersion: 2,
    data: {
      uscc,
      penaltyId,
      penaltyIds: [penaltyId],
      repairedAt,
      basis,
      commitment,
      obligationsFulfilled: true,
      finePaidOn: finePaidOn ?? null,
    },
    ...privateOf(cmd.data),
  };
}

export const contractorDecider = { decide, evolve, initialState } as const;
