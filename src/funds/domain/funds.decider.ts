import type { Fen, FundAllocated, FundSource, FundsEvent, RegionCode } from '../../../events';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { compact, ContextMismatchError, privateOf, type Command, type PrivateFields } from '../../shared/domain/decider';

/**
 * Funds of one region code × fiscal year (stream `fund-<region>-<fiscalYear>`): the central and
 * provincial social-assistance special funds allocated to it — the base of the 2% cap (000 §五).
 */

export type AllocateFund = Command<
  'AllocateFund',
  {
    readonly region: RegionCode;
    readonly fiscalYear: number;
    readonly source: FundSource;
    readonly amount: Fen;
    readonly reference: string;
  } & PrivateFields
>;
export type FundsCommand = AllocateFund;

export type FundsState =
  | { readonly status: 'none' }
  | {
      readonly status: 'allocated';
      readonly region: RegionCode;
      readonly fiscalYear: number;
      readonly total: Fen;
      readonly bySource: { readonly [S in FundSource]: Fen };
      /** `<source>:<reference>` of every allocation, to refuse the same allocation twice. */
      readonly references: readonly string[];
    };

export const initialState = (): FundsState => ({ status: 'none' });

const keyOf = (source: FundSource, reference: string): string => `${source}:${reference}`;

export function evolve(state: FundsState, event: FundsEvent): FundsState {
  switch (event.type) {
    case 'FundAllocated': {
      const { region, fiscalYear, source, amount, reference } = event.data;
      const base =
        state.status === 'allocated' ? state : { total: 0, bySource: { central: 0, provincial: 0 }, references: [] as readonly string[] };
      return {
        status: 'allocated',
        region,
        fiscalYear,
        total: base.total + amount,
        bySource: { ...base.bySource, [source]: base.bySource[source] + amount },
        references: [...base.references, keyOf(source, reference)],
      };
    }
    default: {
      const unknown: never = event.type;
      throw new Error(`unknown funds event ${JSON.stringify(unknown)}`);
    }
  }
}

export function decide(command: FundsCommand, state: FundsState): FundAllocated[] {
  switch (command.type) {
    case 'AllocateFund': {
      const { region, fiscalYear, source, amount, reference } = command.data;
      if (state.status === 'allocated' && (state.region !== region || state.fiscalYear !== fiscalYear)) {
        throw new ContextMismatchError(`funds state of ${state.region}/${state.fiscalYear} given for ${region}/${fiscalYear}`);
      }
      if (state.status === 'allocated' && state.references.includes(keyOf(source, reference))) {
        throw new RuleViolation('ALREADY_EXISTS', `${source} allocation ${reference} is already recorded for ${region}/${fiscalYear}`);
      }
      return [
        {
          type: 'FundAllocated',
          schemaVersion: 2,
          data: compact({ region, fiscalYear, source, amount, reference }),
          ...privateOf(command.data),
        },
      ];
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown funds command ${JSON.stringify(unknown)}`);
    }
  }
}

export const fundsDecider = { decide, evolve, initialState } as const;
