import type { ContractorEvent, ContractorKind, ContractorRegistered, CreditRepaired, IsoDate, RegionCode } from '../../../events';
import { compareDates, isWithin } from '../../shared/domain/dates';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { compact, ContextMismatchError, privateOf, type Command, type PrivateFields } from '../../shared/domain/decider';

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

/** 信用修复: repairs the dishonesty records in force on repairedAt. */
export type RepairCredit = Command<
  'RepairCredit',
  {
    readonly uscc: string;
    readonly repairedAt: IsoDate;
    readonly basis: string;
  } & PrivateFields
>;

export type ContractorCommand = RegisterContractor | RepairCredit;

export interface Debarment {
  readonly penaltyId: string;
  readonly from: IsoDate;
  readonly until: IsoDate;
  /** Lifted when its penalty was revoked: void from the start, never in force. */
  readonly lifted: boolean;
}

export interface DishonestyRecord {
  readonly penaltyId: string;
  readonly publishedAt: IsoDate;
  readonly status: 'published' | 'withdrawn' | 'repaired' | 'expired';
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
    };

export const initialState = (): ContractorState => ({ status: 'none' });

/** The debarment in force on `date` (from ≤ date ≤ until, not lifted), if any. */
export function debarmentOn(state: ContractorState, date: IsoDate): Debarment | undefined {
  if (state.status !== 'registered') return undefined;
  return state.debarments.find((d) => !d.lifted && isWithin(date, d.from, d.until));
}

export function evolve(state: ContractorState, event: ContractorEvent): ContractorState {
  if (event.type === 'ContractorRegistered') {
    const { uscc, name, kind } = event.data;
    return { status: 'registered', uscc, name, kind, debarments: [], dishonestyRecords: [] };
  }
  // Consequences only ever follow an award, so the contractor is registered; a stray one is ignored.
  if (state.status !== 'registered') return state;
  const records = (penaltyIds: readonly string[], status: DishonestyRecord['status']): readonly DishonestyRecord[] =>
    state.dishonestyRecords.map((r) => (penaltyIds.includes(r.penaltyId) ? { ...r, status } : r));
  switch (event.type) {
    case 'ContractorDebarred': {
      const { penaltyId, from, until } = event.data;
      return { ...state, debarments: [...state.debarments, { penaltyId, from, until, lifted: false }] };
    }
    case 'DebarmentLifted':
      return { ...state, debarments: state.debarments.map((d) => (d.penaltyId === event.data.penaltyId ? { ...d, lifted: true } : d)) };
    case 'DishonestyRecordPublished': {
      const { penaltyId, publishedAt } = event.data;
      return { ...state, dishonestyRecords: [...state.dishonestyRecords, { penaltyId, publishedAt, status: 'published' }] };
    }
    case 'DishonestyRecordWithdrawn':
      return { ...state, dishonestyRecords: records([event.data.penaltyId], 'withdrawn') };
    case 'CreditRepaired':
      return { ...state, dishonestyRecords: records(event.data.penaltyIds, 'repaired') };
    case 'CreditPublicationEnded':
      return { ...state, dishonestyRecords: records([event.data.penaltyId], 'expired') };
    default: {
      const unknown: never = event;
      throw new Error(`unknown contractor event ${JSON.stringify(unknown)}`);
    }
  }
}

export function decide(command: ContractorCommand, state: ContractorState): (ContractorRegistered | CreditRepaired)[] {
  if (state.status === 'registered' && state.uscc !== command.data.uscc) {
    throw new ContextMismatchError(`contractor state of ${state.uscc} given for ${command.data.uscc}`);
  }
  switch (command.type) {
    case 'RegisterContractor': {
      const { uscc, name, kind, region } = command.data;
      if (state.status !== 'none') throw new RuleViolation('ALREADY_EXISTS', `contractor ${uscc} is already registered as ${state.name}`);
      return [{ type: 'ContractorRegistered', schemaVersion: 1, data: compact({ uscc, name, kind, region }), ...privateOf(command.data) }];
    }
    case 'RepairCredit': {
      const { uscc, repairedAt, basis } = command.data;
      if (state.status === 'none') throw new RuleViolation('NOT_FOUND', `contractor ${uscc} is not registered`);
      const inForce = state.dishonestyRecords.filter((r) => r.status === 'published' && compareDates(r.publishedAt, repairedAt) <= 0);
      if (inForce.length === 0) {
        throw new RuleViolation(
          'INVALID_STATE',
          `contractor ${uscc} has no dishonesty record published on or before ${repairedAt} that is still in force; nothing to repair`,
        );
      }
      return [
        {
          type: 'CreditRepaired',
          schemaVersion: 2,
          data: {
            uscc,
            penaltyId: null,
            penaltyIds: inForce.map((r) => r.penaltyId),
            repairedAt,
            basis,
            commitment: null,
            obligationsFulfilled: null,
            finePaidOn: null,
          },
          ...privateOf(command.data),
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown contractor command ${JSON.stringify(unknown)}`);
    }
  }
}

export const contractorDecider = { decide, evolve, initialState } as const;
