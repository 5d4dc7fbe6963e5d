import type { LedgerEvent, PrivateDataErased } from '../../../events';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { compact, privateOf, type Command, type PrivateFields } from '../../shared/domain/decider';

/**
 * Erasure of personal data (PIPL art. 47, 《个人信息保护法》第四十七条; API.md "Ledger entry envelope"): the
 * private parts (content and salt) of the named entries are deleted while the entries, their privateDigest
 * and every proof stay. The register of erasures is the stream `erasures`: which positions are erased, and
 * by which entry. Pure: the shell hands in the named entries as it found them in the ledger.
 */

/** An entry an erasure names: its position, and whether it was stored with a private part (a privateDigest). */
export interface ErasureTarget {
  readonly position: number;
  readonly hasPrivatePart: boolean;
}

/** What the request names: one ledger position, or a project (every entry of its history). */
export type ErasureScope =
  | { readonly kind: 'position'; readonly position: number; readonly entry: ErasureTarget | null; readonly head: number }
  | { readonly kind: 'project'; readonly projectId: string; readonly entries: readonly ErasureTarget[] | null };

export type ErasePrivateData = Command<
  'ErasePrivateData',
  { readonly scope: ErasureScope; readonly reason: string; readonly legalBasis: string } & Pick<PrivateFields, 'internalNote'>
>;

/** Erased position → position of the PrivateDataErased entry that erased it. */
export interface ErasureRegister {
  readonly erasedBy: ReadonlyMap<number, number>;
}

export const initialState = (): ErasureRegister => ({ erasedBy: new Map() });

/** Folds one entry of the `erasures` stream; `position` is the entry's own ledger position. */
export function evolve(state: ErasureRegister, event: LedgerEvent, position: number): ErasureRegister {
  if (event.type !== 'PrivateDataErased') throw new Error(`the erasures stream holds ${event.type}`);
  const erasedBy = new Map(state.erasedBy);
  for (const p of event.data.positions) if (!erasedBy.has(p)) erasedBy.set(p, position);
  return { erasedBy };
}

/** The entries the scope names that have a private part; NOT_FOUND / NOTHING_TO_ERASE when there are none. */
function erasable(scope: ErasureScope): readonly ErasureTarget[] {
  if (scope.kind === 'position') {
    if (scope.entry === null) throw new RuleViolation('NOT_FOUND', `no entry at position ${scope.position}: the ledger has ${scope.head}`);
    if (!scope.entry.hasPrivatePart)
      throw new RuleViolation('NOTHING_TO_ERASE', `entry ${scope.position} has no private part (PIPL art. 47: nothing to erase)`);
    return [scope.entry];
  }
  if (scope.entries === null) throw new RuleViolation('NOT_FOUND', `project ${scope.projectId} is not registered`);
  const found = scope.entries.filter((e) => e.hasPrivatePart);
  if (found.length === 0)
    throw new RuleViolation(
      'NOTHING_TO_ERASE',
      `no entry of project ${scope.projectId} has a private part (PIPL art. 47: nothing to erase)`,
    );
  return found;
}

/**
 * One PrivateDataErased naming the positions not erased before; none when every named private part is
 * already erased (idempotent: the shell answers with the earlier erasures, see erasuresOf).
 */
export function decide(command: ErasePrivateData, state: ErasureRegister): PrivateDataErased[] {
  const { scope, reason, legalBasis } = command.data;
  const pending = erasable(scope)
    .map((e) => e.position)
    .filter((p) => !state.erasedBy.has(p))
    .sort((a, b) => a - b);
  if (pending.length === 0) return [];
  return [
    {
      type: 'PrivateDataErased',
      schemaVersion: 1,
      data: compact({ positions: pending, reason, legalBasis, projectId: scope.kind === 'project' ? scope.projectId : undefined }),
      ...privateOf(command.data),
    },
  ];
}

/** Positions of the earlier PrivateDataErased entries that erased what the command names, ascending. */
export function erasuresOf(command: ErasePrivateData, state: ErasureRegister): number[] {
  const by = erasable(command.data.scope).flatMap((e) => {
    const erasure = state.erasedBy.get(e.position);
    return erasure === undefined ? [] : [erasure];
  });
  return [...new Set(by)].sort((a, b) => a - b);
}

export const erasureDecider = { decide, evolve, initialState } as const;
