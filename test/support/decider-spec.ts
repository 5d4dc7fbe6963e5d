import { inspect } from 'node:util';
import { RuleViolation, type RuleCode } from '../../src/shared/domain/rule-violation';

/**
 * Given-when-then for deciders, in Emmett's style (DeciderSpecification.for(...).given(...).when(...).then(...)).
 * Deciders that also take a policy or a context are wrapped by the test:
 *   DeciderSpecification.for({ ...projectDecider, decide: (c, s) => projectDecider.decide(c, s, policy, context) })
 * Every given event, every folded state and the command are deep-frozen, so an evolve or decide that
 * mutates its input fails; decided events must be plain JSON (what the store can hash).
 */
export interface SpecDecider<C, S, E, O> {
  decide(command: C, state: S): readonly O[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** Events and commands are JSON; a JSON copy (not structuredClone, whose objects come from another realm under jest). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The state after folding `events` from the initial state (frozen at every step). */
export function fold<S, E>(decider: { evolve(state: S, event: E): S; initialState(): S }, events: readonly E[]): S {
  return events.reduce((state, event) => deepFreeze(decider.evolve(state, deepFreeze(clone(event)))), deepFreeze(decider.initialState()));
}

export const DeciderSpecification = {
  for<C, S, E, O = E>(decider: SpecDecider<C, S, E, O>) {
    return {
      given(events: readonly E[]) {
        return {
          when(command: C) {
            const run = (): readonly O[] => decider.decide(deepFreeze(clone(command)), fold(decider, events));
            return {
              /** The decision is exactly these events (order included), and is plain JSON. */
              then(expected: readonly O[]): void {
                const actual = run();
                expect(actual).toStrictEqual(expected);
                expect(JSON.parse(JSON.stringify(actual))).toStrictEqual(actual);
              },
              /** The command is refused with this rule code (and, if given, a detail containing / matching it). */
              thenThrows(code: RuleCode, detail?: string | RegExp): void {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                if (!(thrown instanceof RuleViolation)) {
                  throw new Error(`expected RuleViolation ${code}, got ${thrown === undefined ? 'no error' : inspect(thrown)}`);
                }
                expect(thrown.code).toBe(code);
                if (typeof detail === 'string') expect(thrown.detail).toContain(detail);
                else if (detail !== undefined) expect(thrown.detail).toMatch(detail);
              },
            };
          },
        };
      },
    };
  },
};
