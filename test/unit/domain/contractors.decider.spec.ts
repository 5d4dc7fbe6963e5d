import { contractorDecider, debarmentOn, type ContractorCommand } from '../../../src/contractors/domain/contractors.decider';
import type { ContractorEvent } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { CONTRACTOR, contractorRegistered } from './fixtures';

const spec = DeciderSpecification.for(contractorDecider);
const published = (penaltyId: string, publishedAt: string): ContractorEvent => ({
  type: 'DishonestyRecordPublished',
  schemaVersion: 2,
  data: {
    uscc: CONTRACTOR,
    penaltyId,
    contractId: 'C-1',
    violationIds: ['V-1'],
    publishedAt,
    decisionNumber: null,
    legalBasis: null,
    authority: null,
    severity: null,
    publicationMonths: null,
    publishedFrom: publishedAt,
    publishedUntil: null,
  },
});
const repair: ContractorCommand = { type: 'RepairCredit', data: { uscc: CONTRACTOR, repairedAt: '2025-01-10', basis: '已整改并公开承诺' } };

describe('contractors', () => {
  it('registers once', () => {
    const register: ContractorCommand = {
      type: 'RegisterContractor',
      data: { uscc: CONTRACTOR, name: '长春市阳光社会工作服务中心', kind: 'social_organization' },
    };
    spec.given([]).when(register).then([contractorRegistered()]);
    spec.given([contractorRegistered()]).when(register).thenThrows('ALREADY_EXISTS');
  });

  it('repairs the records in force on the repair date, not later ones nor withdrawn ones', () =>
    spec
      .given([
        contractorRegistered(),
        published('X-1', '2024-07-01'),
        published('X-2', '2024-08-01'),
        published('X-3', '2025-02-01'),
        {
          type: 'DishonestyRecordWithdrawn',
          schemaVersion: 1,
          data: { uscc: CONTRACTOR, penaltyId: 'X-2', withdrawnAt: '2024-09-01', reason: 'r' },
        },
      ])
      .when(repair)
      .then([
        {
          type: 'CreditRepaired',
          schemaVersion: 2,
          data: {
            uscc: CONTRACTOR,
            penaltyId: null,
            penaltyIds: ['X-1'],
            repairedAt: '2025-01-10',
            basis: '已整改并公开承诺',
            commitment: null,
            obligationsFulfilled: null,
            finePaidOn: null,
          },
        },
      ]));

  it('nothing to repair is INVALID_STATE; an unknown contractor NOT_FOUND', () => {
    spec.given([contractorRegistered()]).when(repair).thenThrows('INVALID_STATE', 'nothing to repair');
    spec
      .given([
        contractorRegistered(),
        published('X-1', '2024-07-01'),
        {
          type: 'CreditRepaired',
          schemaVersion: 2,
          data: {
            uscc: CONTRACTOR,
            penaltyId: null,
            penaltyIds: ['X-1'],
            repairedAt: '2024-12-01',
            basis: 'b',
            commitment: null,
            obligationsFulfilled: null,
            finePaidOn: null,
          },
        },
      ])
      .when(repair)
      .thenThrows('INVALID_STATE');
    spec.given([]).when(repair).thenThrows('NOT_FOUND');
  });

  it('debarmentOn: inclusive period, lifted debarments never count', () => {
    const state = fold(contractorDecider, [
      contractorRegistered(),
      {
        type: 'ContractorDebarred',
        schemaVersion: 1,
        data: { uscc: CONTRACTOR, penaltyId: 'X-1', contractId: 'C-1', from: '2024-07-01', until: '2025-06-30', decidedAt: '2024-07-01' },
      },
      {
        type: 'ContractorDebarred',
        schemaVersion: 1,
        data: { uscc: CONTRACTOR, penaltyId: 'X-2', contractId: 'C-2', from: '2026-01-01', until: '2026-12-31', decidedAt: '2025-12-01' },
      },
      { type: 'DebarmentLifted', schemaVersion: 1, data: { uscc: CONTRACTOR, penaltyId: 'X-2', liftedAt: '2026-02-01', reason: 'r' } },
    ]);
    expect(debarmentOn(state, '2024-06-30')).toBeUndefined();
    expect(debarmentOn(state, '2024-07-01')?.penaltyId).toBe('X-1');
    expect(debarmentOn(state, '2025-06-30')?.penaltyId).toBe('X-1');
    expect(debarmentOn(state, '2025-07-01')).toBeUndefined();
    expect(debarmentOn(state, '2026-01-15')).toBeUndefined();
  });
});
