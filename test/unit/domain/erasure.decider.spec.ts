import { expect } from '@jest/globals';
import type { PrivateDataErased } from '../../../events';
import {
  erasureDecider,
  erasuresOf,
  type ErasePrivateData,
  type ErasureScope,
  type ErasureTarget,
} from '../../../src/erasures/domain/erasure.decider';
import { DeciderSpecification, fold } from '../../support/decider-spec';

/** Erasure of personal data: PIPL art. 47 (《个人信息保护法》第四十七条); NOTHING_TO_ERASE (DOMAIN.md). */

/** An entry of the `erasures` stream: the event and its own ledger position. */
interface Registered {
  readonly position: number;
  readonly event: PrivateDataErased;
}
const register = {
  decide: erasureDecider.decide,
  initialState: erasureDecider.initialState,
  evolve: (state: ReturnType<typeof erasureDecider.initialState>, r: Registered) => erasureDecider.evolve(state, r.event, r.position),
};
const spec = DeciderSpecification.for(register);

const BASIS = { reason: '本人申请删除', legalBasis: '《个人信息保护法》第四十七条' };
const erased = (position: number, positions: number[]): Registered => ({
  position,
  event: { type: 'PrivateDataErased', schemaVersion: 1, data: { positions, ...BASIS } },
});
const entry = (position: number, hasPrivatePart = true): ErasureTarget => ({ position, hasPrivatePart });
const command = (scope: ErasureScope, internalNote?: string): ErasePrivateData => ({
  type: 'ErasePrivateData',
  data: { scope, ...BASIS, ...(internalNote !== undefined ? { internalNote } : {}) },
});
const atPosition = (position: number, target: ErasureTarget | null = entry(position)) =>
  command({ kind: 'position', position, entry: target, head: 20 });
const ofProject = (entries: ErasureTarget[] | null) => command({ kind: 'project', projectId: 'cc-2024-001', entries });

describe('erasure decider (PIPL art. 47)', () => {
  it('erases the private part of one entry: PrivateDataErased names its position, never the data', () =>
    spec
      .given([])
      .when(atPosition(3))
      .then([{ type: 'PrivateDataErased', schemaVersion: 1, data: { positions: [3], ...BASIS } }]));

  it("keeps the administrator's own note in the erasure's private part", () =>
    spec
      .given([])
      .when(command({ kind: 'position', position: 3, entry: entry(3), head: 20 }, '工单 2024-17'))
      .then([
        { type: 'PrivateDataErased', schemaVersion: 1, data: { positions: [3], ...BASIS }, private: { internalNote: '工单 2024-17' } },
      ]));

  it('refuses an entry that never had a private part (NOTHING_TO_ERASE)', () =>
    spec
      .given([])
      .when(atPosition(1, entry(1, false)))
      .thenThrows('NOTHING_TO_ERASE', 'PIPL art. 47'));

  it('refuses a position beyond the head (NOT_FOUND)', () =>
    spec.given([]).when(atPosition(21, null)).thenThrows('NOT_FOUND', 'position 21'));

  it('appends nothing when the entry is already erased (idempotent), and names the earlier erasure', () => {
    spec
      .given([erased(9, [3])])
      .when(atPosition(3))
      .then([]);
    expect(erasuresOf(atPosition(3), fold(register, [erased(9, [3])]))).toEqual([9]);
  });

  it("erases a project's entries with private parts, ascending, the project named; skips those without and those erased before", () =>
    spec
      .given([erased(12, [7])])
      .when(ofProject([entry(7), entry(3), entry(4, false), entry(5), entry(10)]))
      .then([{ type: 'PrivateDataErased', schemaVersion: 1, data: { positions: [3, 5, 10], ...BASIS, projectId: 'cc-2024-001' } }]));

  it('appends nothing when every private part of the project is erased, and names every earlier erasure involved', () => {
    const given = [erased(12, [7]), erased(15, [3, 5]), erased(16, [8])];
    spec
      .given(given)
      .when(ofProject([entry(3), entry(5), entry(7), entry(6, false)]))
      .then([]);
    expect(erasuresOf(ofProject([entry(3), entry(5), entry(7), entry(6, false)]), fold(register, given))).toEqual([12, 15]);
  });

  it('refuses a project none of whose entries has a private part (NOTHING_TO_ERASE)', () =>
    spec
      .given([])
      .when(ofProject([entry(3, false), entry(4, false)]))
      .thenThrows('NOTHING_TO_ERASE', 'cc-2024-001'));

  it('refuses an unknown project (NOT_FOUND)', () => spec.given([]).when(ofProject(null)).thenThrows('NOT_FOUND', 'cc-2024-001'));

  it('keeps the first erasure of a position when a later one names it again', () => {
    expect([...fold(register, [erased(9, [3]), erased(11, [3, 4])]).erasedBy]).toEqual([
      [3, 9],
      [4, 11],
    ]);
  });
});
