import {
  contractorDecider,
  debarmentOn,
  type ContractorCommand,
  type ContractorState,
  type RepairCredit,
} from '../../../src/contractors/domain/contractors.decider';
import { penaltyDecider, type PenaltyState } from '../../../src/penalties/domain/penalties.decider';
import type { ContractorEvent, PenaltyEvent, PenaltyImposed, PenaltyImposedData } from '../../../events';
import { upcast } from '../../../events/upcasting';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { CONTRACTOR, contractorRegistered, OTHER_CONTRACTOR } from './fixtures';

const spec = DeciderSpecification.for(contractorDecider);
const AUTHORITY = { name: '长春市民政局', uscc: '11220100MB1234567K' };

/** A v2 penalty of CONTRACTOR: serious, decided 2024-07-01 (Order 58: 3–36 months), with a fine. */
const penaltyImposed = (over: Partial<PenaltyImposedData> = {}): PenaltyImposed => ({
  type: 'PenaltyImposed',
  schemaVersion: 3,
  data: {
    penaltyId: 'X-1',
    contractId: 'C-1',
    projectId: 'P-1',
    contractorUscc: CONTRACTOR,
    violationIds: ['V-1'],
    evaluationIds: [],
    rectificationDeadline: null,
    decidedAt: '2024-07-01',
    decisionNumber: '长民罚决字〔2024〕第1号',
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    violationType: ['fraud'],
    severity: 'serious',
    facts: '伪造入户调查记录',
    penaltyCategories: ['fine'],
    content: '罚款',
    authority: AUTHORITY,
    dataSource: AUTHORITY,
    fine: 100_000,
    terminateContract: false,
    publishDishonestyRecord: true,
    publicationMonths: 36,
    publishedFrom: '2024-07-01',
    publishedUntil: '2027-06-30',
    ...over,
  },
});
const penaltyState = (events: PenaltyEvent[]): PenaltyState => fold(penaltyDecider, events);
const published = (penaltyId = 'X-1', publishedAt = '2024-07-01'): ContractorEvent => ({
  type: 'DishonestyRecordPublished',
  schemaVersion: 2,
  data: {
    uscc: CONTRACTOR,
    penaltyId,
    contractId: 'C-1',
    violationIds: ['V-1'],
    publishedAt,
    decisionNumber: '长民罚决字〔2024〕第1号',
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    authority: AUTHORITY,
    severity: 'serious',
    publicationMonths: 36,
    publishedFrom: publishedAt,
    publishedUntil: '2027-06-30',
  },
});
const repair = (over: Partial<RepairCredit['data']> = {}): RepairCredit => ({
  type: 'RepairCredit',
  data: {
    uscc: CONTRACTOR,
    penaltyId: 'X-1',
    repairedAt: '2024-10-01',
    basis: '长民信修〔2024〕3号',
    commitment: '信用承诺书',
    obligationsFulfilled: true,
    finePaidOn: '2024-07-15',
    ...over,
  },
});
const repairSpec = (penalty: PenaltyEvent[]) =>
  DeciderSpecification.for({
    ...contractorDecider,
    decide: (c: ContractorCommand, s: ContractorState) => contractorDecider.decide(c, s, { penalty: penaltyState(penalty) }),
  });
const history = [contractorRegistered(), published()];

describe('contractors', () => {
  it('registers once', () => {
    const register: ContractorCommand = {
      type: 'RegisterContractor',
      data: { uscc: CONTRACTOR, name: '长春市阳光社会工作服务中心', kind: 'social_organization' },
    };
    spec.given([]).when(register).then([contractorRegistered()]);
    spec.given([contractorRegistered()]).when(register).thenThrows('ALREADY_EXISTS');
  });

  it("repairs one penalty's record once its minimum period has passed, with obligations met and a commitment", () =>
    repairSpec([penaltyImposed()])
      .given(history)
      .when({ ...repair(), data: { ...repair().data, internalNote: '申请材料齐全' } })
      .then([
        {
          type: 'CreditRepaired',
          schemaVersion: 2,
          data: {
            uscc: CONTRACTOR,
            penaltyId: 'X-1',
            penaltyIds: ['X-1'],
            repairedAt: '2024-10-01',
            basis: '长民信修〔2024〕3号',
            commitment: '信用承诺书',
            obligationsFulfilled: true,
            finePaidOn: '2024-07-15',
          },
          private: { internalNote: '申请材料齐全' },
        },
      ]));

  it('CREDIT_REPAIR_TOO_EARLY before the minimum bound of its severity as of the decision date, naming the earliest date', () => {
    // Order 58 (decided 2024-07-01): 3 months → on or after 2024-10-01.
    repairSpec([penaltyImposed()])
      .given(history)
      .when(repair({ repairedAt: '2024-09-30' }))
      .thenThrows('CREDIT_REPAIR_TOO_EARLY', 'can be repaired on or after 2024-10-01');
    // Order 36 (decided 2026-04-01), serious: 12 months → 2027-04-01; general: 3 months → 2026-07-01.
    const serious36 = penaltyImposed({ decidedAt: '2026-04-01', publishedFrom: '2026-04-01', publishedUntil: '2029-03-31' });
    const history36 = [contractorRegistered(), published('X-1', '2026-04-01')];
    repairSpec([serious36])
      .given(history36)
      .when(repair({ repairedAt: '2027-03-31', finePaidOn: '2026-05-01' }))
      .thenThrows('CREDIT_REPAIR_TOO_EARLY', 'on or after 2027-04-01: the minimum publication period is 12 months from 2026-04-01');
    expect(() =>
      contractorDecider.decide(repair({ repairedAt: '2027-04-01', finePaidOn: '2026-05-01' }), fold(contractorDecider, history36), {
        penalty: penaltyState([serious36]),
      }),
    ).not.toThrow();
    const general36 = penaltyImposed({
      decidedAt: '2026-04-01',
      severity: 'general',
      publishDishonestyRecord: false,
      publicationMonths: 12,
      publishedFrom: '2026-04-01',
      publishedUntil: '2027-03-31',
    });
    repairSpec([general36])
      .given([contractorRegistered()])
      .when(repair({ repairedAt: '2026-06-30', finePaidOn: '2026-05-01' }))
      .thenThrows('CREDIT_REPAIR_TOO_EARLY', 'on or after 2026-07-01');
    // 527号 (decided 2020-01-31), serious: 6 months → 2020-07-31 (addMonths keeps the day).
    repairSpec([penaltyImposed({ decidedAt: '2020-01-31', publishedFrom: '2020-01-31', publishedUntil: '2023-01-30' })])
      .given([contractorRegistered(), published('X-1', '2020-01-31')])
      .when(repair({ repairedAt: '2020-07-30', finePaidOn: '2020-02-01' }))
      .thenThrows('CREDIT_REPAIR_TOO_EARLY', 'on or after 2020-07-31');
  });

  it('CREDIT_REPAIR_CONDITIONS_UNMET: obligations not fulfilled, a fine without finePaidOn, a fine paid after the repair', () => {
    const spec1 = repairSpec([penaltyImposed()]).given(history);
    spec1.when(repair({ obligationsFulfilled: false })).thenThrows('CREDIT_REPAIR_CONDITIONS_UNMET', 'obligationsFulfilled must be true');
    spec1
      .when(repair({ finePaidOn: undefined }))
      .thenThrows('CREDIT_REPAIR_CONDITIONS_UNMET', 'a fine of 100000 fen: finePaidOn is required');
    spec1
      .when(repair({ finePaidOn: '2024-10-02' }))
      .thenThrows('CREDIT_REPAIR_CONDITIONS_UNMET', 'must be between the decision (2024-07-01)');
    spec1.when(repair({ commitment: ' ' })).thenThrows('CREDIT_REPAIR_CONDITIONS_UNMET', 'a credit commitment is required');
    // No fine: no finePaidOn needed.
    const { fine: _fine, ...noFine } = penaltyImposed().data;
    expect(() =>
      contractorDecider.decide(repair({ finePaidOn: undefined }), fold(contractorDecider, history), {
        penalty: penaltyState([{ ...penaltyImposed(), data: noFine }]),
      }),
    ).not.toThrow();
  });

  it('409 ALREADY_EXISTS once the record has ended: repaired, expired, withdrawn (revoked), or past publishedUntil', () => {
    const repaired: ContractorEvent = {
      type: 'CreditRepaired',
      schemaVersion: 2,
      data: {
        uscc: CONTRACTOR,
        penaltyId: 'X-1',
        penaltyIds: ['X-1'],
        repairedAt: '2024-10-01',
        basis: 'b',
        commitment: 'c',
        obligationsFulfilled: true,
        finePaidOn: '2024-07-15',
      },
    };
    const expired: ContractorEvent = {
      type: 'CreditPublicationEnded',
      schemaVersion: 1,
      data: { penaltyId: 'X-1', uscc: CONTRACTOR, endedOn: '2027-07-01', reason: 'period_elapsed' },
    };
    const revoked: PenaltyEvent = {
      type: 'PenaltyRevoked',
      schemaVersion: 1,
      data: { penaltyId: 'X-1', contractId: 'C-1', contractorUscc: CONTRACTOR, decidedAt: '2024-09-01', reason: '复议撤销' },
    };
    const withdrawn: ContractorEvent = {
      type: 'DishonestyRecordWithdrawn',
      schemaVersion: 1,
      data: { uscc: CONTRACTOR, penaltyId: 'X-1', withdrawnAt: '2024-09-01', reason: '复议撤销' },
    };
    repairSpec([penaltyImposed()])
      .given([...history, repaired])
      .when(repair())
      .thenThrows('ALREADY_EXISTS', 'already ended: repaired on 2024-10-01');
    repairSpec([penaltyImposed()])
      .given([...history, expired])
      .when(repair({ repairedAt: '2027-07-02' }))
      .thenThrows('ALREADY_EXISTS', 'already ended: expired on 2027-07-01');
    repairSpec([penaltyImposed(), revoked])
      .given([...history, withdrawn])
      .when(repair())
      .thenThrows('ALREADY_EXISTS', 'withdrawn on 2024-09-01');
    // Past publishedUntil, before the service has appended CreditPublicationEnded.
    repairSpec([penaltyImposed()])
      .given(history)
      .when(repair({ repairedAt: '2027-07-01' }))
      .thenThrows('ALREADY_EXISTS', 'ran until 2027-06-30');
    expect(() =>
      contractorDecider.decide(repair({ repairedAt: '2027-06-30' }), fold(contractorDecider, history), {
        penalty: penaltyState([penaltyImposed()]),
      }),
    ).not.toThrow();
  });

  it('a penalty published without a dishonesty record (general) is repaired too; a minor one has nothing to repair', () => {
    const general = penaltyImposed({ severity: 'general', publishDishonestyRecord: false });
    expect(
      contractorDecider.decide(repair(), fold(contractorDecider, [contractorRegistered()]), { penalty: penaltyState([general]) })[0].data,
    ).toMatchObject({ penaltyId: 'X-1', penaltyIds: ['X-1'] });
    const minor = penaltyImposed({
      severity: 'minor',
      publishDishonestyRecord: false,
      publicationMonths: null,
      publishedFrom: null,
      publishedUntil: null,
    });
    repairSpec([minor]).given([contractorRegistered()]).when(repair()).thenThrows('INVALID_STATE', 'is not published; nothing to repair');
  });

  it('a v1 penalty (no severity, no period) with a v1 record: the least minimum of its decision date applies', () => {
    const v1 = upcast({
      type: 'PenaltyImposed',
      schemaVersion: 1,
      data: {
        penaltyId: 'X-1',
        contractId: 'C-1',
        projectId: 'P-1',
        contractorUscc: CONTRACTOR,
        violationIds: ['V-1'],
        decidedAt: '2020-01-10',
        authority: '长春市民政局',
        terminateContract: false,
        publishDishonestyRecord: true,
      },
    }) as PenaltyImposed;
    const v1Record = upcast({
      type: 'DishonestyRecordPublished',
      schemaVersion: 1,
      data: { uscc: CONTRACTOR, penaltyId: 'X-1', contractId: 'C-1', violationIds: ['V-1'], publishedAt: '2020-01-10' },
    }) as ContractorEvent;
    // 527号: general 3, serious 6 → 3 months from 2020-01-10.
    repairSpec([v1])
      .given([contractorRegistered(), v1Record])
      .when(repair({ repairedAt: '2020-04-09', finePaidOn: undefined }))
      .thenThrows(
        'CREDIT_REPAIR_TOO_EARLY',
        'on or after 2020-04-10: the minimum publication period is 3 months from 2020-01-10 (severity not recorded',
      );
  });

  it('NOT_FOUND: an unknown contractor, an unknown penalty, a penalty of another contractor', () => {
    repairSpec([penaltyImposed()]).given([]).when(repair()).thenThrows('NOT_FOUND', 'not registered');
    repairSpec([]).given(history).when(repair()).thenThrows('NOT_FOUND', 'has no penalty X-1');
    repairSpec([penaltyImposed({ contractorUscc: OTHER_CONTRACTOR })])
      .given(history)
      .when(repair())
      .thenThrows('NOT_FOUND');
  });

  it('debarmentOn: inclusive period, lifted debarments never count', () => {
    const state = fold(contractorDecider, [
      contractorRegistered(),
      {
        type: 'ContractorDebarred',
        schemaVersion: 2,
        data: {
          uscc: CONTRACTOR,
          penaltyId: 'X-1',
          contractId: 'C-1',
          from: '2024-07-01',
          until: '2025-06-30',
          decidedAt: '2024-07-01',
          grounds: 'serious_violation',
        },
      },
      {
        type: 'ContractorDebarred',
        schemaVersion: 2,
        data: {
          uscc: CONTRACTOR,
          penaltyId: 'X-2',
          contractId: 'C-2',
          from: '2026-01-01',
          until: '2026-12-31',
          decidedAt: '2025-12-01',
          grounds: 'serious_violation',
        },
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
