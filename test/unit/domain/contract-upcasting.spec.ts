import { expect } from '@jest/globals';
import { CURRENT_SCHEMA_VERSION, type ContractEvent } from '../../../events';
import { streamOf } from '../../../events/streams';
import { upcast } from '../../../events/upcasting';
import type { ContractCompletedV1, ContractSignedV1, TakeoverActivatedV1 } from '../../../events/contracts/contracts.events.v1';
import { contractDecider } from '../../../src/contracts/domain/contracts.decider';
import { eventSchemaProblems } from '../../../src/ledger/event-schema-guard';
import type { JsonObject } from '../../../src/ledger/event-store.port';
import { fold } from '../../support/decider-spec';
import { newEvent } from '../../support/events';

/** Issue 15 items 12–13: contract entries written before the takeover plan and the final settlement (gaps stay null). */
const signedV1: ContractSignedV1 = {
  type: 'ContractSigned',
  schemaVersion: 1,
  data: {
    contractId: 'C1',
    projectId: 'P1',
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: 'c', name: 'n' },
    category: 'affairs.means_test',
    contractorUscc: '52220100MJ00000016',
    amount: 1000,
    signedAt: '2024-04-10',
    startDate: '2024-05-01',
    endDate: '2025-04-30',
    paymentSchedule: [{ dueDate: '2024-06-30', amount: 1000 }],
    deliverables: 'd',
    liabilities: 'l',
  },
};
const takeoverV1: TakeoverActivatedV1 = {
  type: 'TakeoverActivated',
  schemaVersion: 1,
  data: { contractId: 'C1', projectId: 'P1', penaltyId: 'X1', activatedAt: '2024-07-01' },
};
const completedV1: ContractCompletedV1 = {
  type: 'ContractCompleted',
  schemaVersion: 1,
  data: { contractId: 'C1', acceptedAt: '2025-04-30', report: 'r', paid: 400 },
};

describe('upcasting contract entries v1 → v2 (issue 15 items 12–13)', () => {
  it('ContractSigned v1 had no takeover plan: takeoverPlan null; the rest and the private part kept', () => {
    const current = upcast({ ...signedV1, private: { internalNote: 'n' } });
    expect(current).toEqual({
      type: 'ContractSigned',
      schemaVersion: 2,
      data: { ...signedV1.data, takeoverPlan: null },
      private: { internalNote: 'n' },
    });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
    expect(streamOf(current)).toBe('contract-C1');
  });

  it('TakeoverActivated v1 was always ordered by its penalty: penaltyId kept, reason null', () => {
    const current = upcast(takeoverV1);
    expect(current).toEqual({ type: 'TakeoverActivated', schemaVersion: 2, data: { ...takeoverV1.data, reason: null } });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
  });

  it('ContractCompleted v1 stated no final settlement: finalSettlement null', () => {
    const current = upcast(completedV1);
    expect(current).toEqual({ type: 'ContractCompleted', schemaVersion: 2, data: { ...completedV1.data, finalSettlement: null } });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
    expect([
      CURRENT_SCHEMA_VERSION.ContractSigned,
      CURRENT_SCHEMA_VERSION.TakeoverActivated,
      CURRENT_SCHEMA_VERSION.ContractCompleted,
    ]).toEqual([2, 2, 2]);
  });

  it('the contract fold reads upcast v1 entries: completed, no plan, no settlement, nothing more payable', () => {
    const state = fold(contractDecider, [upcast(signedV1), upcast(completedV1)] as ContractEvent[]);
    expect(state).toMatchObject({
      status: 'completed',
      contract: { takeoverPlan: null },
      paidOnAcceptance: 400,
      finalSettlement: null,
      takeoverActivatedAt: null,
    });
  });
});
