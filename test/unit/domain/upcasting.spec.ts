import { CURRENT_SCHEMA_VERSION, type LedgerEvent } from '../../../events';
import { streamOf, StreamIds } from '../../../events/streams';
import { upcast, UnknownEventError } from '../../../events/upcasting';
import { yuanStringToFen } from '../../../events/funds/funds.upcasters';
import { evolve, initialState } from '../../../src/funds/domain/funds.decider';
import type { FundAllocatedV1 } from '../../../events/funds/funds.events.v1';
import { fold } from '../../support/decider-spec';
import type { PenaltyImposedV1 } from '../../../events/penalties/penalties.events.v1';
import type { PenaltyImposedV2 } from '../../../events/penalties/penalties.events.v2';
import type { PerformanceEvaluatedV1 } from '../../../events/contracts/contracts.events.v1';
import type { ContractorDebarredV1 } from '../../../events/contractors/contractors.events.v1';
import type { ContractorEvent } from '../../../events';
import { contractorDecider } from '../../../src/contractors/domain/contractors.decider';
import { eventSchemaProblems } from '../../../src/ledger/event-schema-guard';
import type { JsonObject } from '../../../src/ledger/event-store.port';
import { newEvent } from '../../support/events';
import type { TenderPublishedV1 } from '../../../events/projects/projects.events.v1';
import type { ProjectEvent } from '../../../events';
import { projectDecider } from '../../../src/projects/domain/projects.decider';

describe('upcasting FundAllocated v1 (amountYuan string) → v2 (amount in fen)', () => {
  const v1: FundAllocatedV1 = {
    type: 'FundAllocated',
    schemaVersion: 1,
    data: { region: '220100', fiscalYear: 2023, source: 'central', amountYuan: '30000000.5', reference: '财社〔2023〕7号' },
  };
  const v2 = {
    type: 'FundAllocated',
    schemaVersion: 2,
    data: { region: '220100', fiscalYear: 2023, source: 'provincial', amount: 2_000_000_000, reference: '吉财社〔2023〕3号' },
  } as const;

  it('reads v1 and v2 side by side into the current shape', () => {
    const events = [v1, v2].map((stored) => upcast(stored));
    expect(events).toEqual([
      {
        type: 'FundAllocated',
        schemaVersion: 2,
        data: { region: '220100', fiscalYear: 2023, source: 'central', amount: 3_000_000_050, reference: '财社〔2023〕7号' },
      },
      v2,
    ]);
    const state = fold({ evolve, initialState }, events as Extract<LedgerEvent, { type: 'FundAllocated' }>[]);
    expect(state).toMatchObject({
      status: 'allocated',
      total: 5_000_000_050,
      bySource: { central: 3_000_000_050, provincial: 2_000_000_000 },
    });
  });

  it('converts yuan strings exactly, never through a float', () => {
    expect(yuanStringToFen('0.1')).toBe(10);
    expect(yuanStringToFen('1200000')).toBe(120_000_000);
    expect(yuanStringToFen('1200000.07')).toBe(120_000_007);
    expect(yuanStringToFen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 as a float
    expect(() => yuanStringToFen('1.005')).toThrow(RangeError);
    expect(() => yuanStringToFen('-3')).toThrow(RangeError);
  });

  it('keeps the private part, passes current versions through, refuses unknown types and future versions', () => {
    const withNote = upcast({ ...v1, private: { internalNote: '年初预拨' } });
    expect(withNote.private).toEqual({ internalNote: '年初预拨' });
    const paid = {
      type: 'PaymentMade',
      schemaVersion: 1,
      data: { contractId: 'C1', paymentId: 'p1', amount: 1, paidAt: '2024-01-01', purpose: 'service_fee' },
    };
    expect(upcast(paid)).toEqual(paid);
    expect(() => upcast({ type: 'NoSuchEvent', schemaVersion: 1, data: {} })).toThrow(UnknownEventError);
    expect(() => upcast({ type: 'FundAllocated', schemaVersion: 3, data: {} })).toThrow(/not readable/);
    expect(CURRENT_SCHEMA_VERSION.FundAllocated).toBe(2);
  });
});

describe('PaymentMade written before purpose codes', () => {
  it('reads a free-text purpose as written: the stored shape keeps purpose a string, no upcaster', () => {
    for (const purpose of ['wages', '工资', 'Salaries']) {
      const stored = {
        type: 'PaymentMade',
        schemaVersion: 1,
        data: { contractId: 'C1', paymentId: 'p1', amount: 1, paidAt: '2022-05-01', purpose },
      };
      expect(upcast(stored)).toEqual(stored);
    }
    expect(CURRENT_SCHEMA_VERSION.PaymentMade).toBe(1);
  });
});

describe('streams', () => {
  it('routes every aggregate to its stream', () => {
    expect(
      streamOf(
        upcast({
          type: 'FundAllocated',
          schemaVersion: 2,
          data: { region: '150100', fiscalYear: 2023, source: 'central', amount: 1, reference: 'r' },
        }),
      ),
    ).toBe('fund-150100-2023');
    expect(StreamIds.budget('220100', 2024)).toBe('budget-220100-2024');
    expect(
      streamOf({
        type: 'ContractorDebarred',
        schemaVersion: 2,
        data: {
          uscc: 'U',
          penaltyId: 'X',
          contractId: 'C',
          from: '2024-01-01',
          until: '2024-12-31',
          decidedAt: '2024-01-01',
          grounds: 'serious_violation',
        },
      }),
    ).toBe('contractor-U');
    expect(
      streamOf({
        type: 'ProjectContracted',
        schemaVersion: 1,
        data: { projectId: 'P1', contractId: 'C1', signedAt: '2024-01-01', amount: 1 },
      }),
    ).toBe('project-P1');
    expect(
      streamOf({
        type: 'TakeoverActivated',
        schemaVersion: 2,
        data: { contractId: 'C1', projectId: 'P1', penaltyId: null, activatedAt: '2024-01-01', reason: 'r' },
      }),
    ).toBe('contract-C1');
    expect(
      streamOf({
        type: 'PenaltyRevoked',
        schemaVersion: 1,
        data: { penaltyId: 'X1', contractId: 'C1', contractorUscc: 'U', decidedAt: '2024-01-01', reason: 'r' },
      }),
    ).toBe('penalty-X1');
  });
});

describe('upcasting penalty and credit entries written before issue 14 (gaps stay null, never invented)', () => {
  const U = '52220100MJ00000019';
  const penaltyV1: PenaltyImposedV1 = {
    type: 'PenaltyImposed',
    schemaVersion: 1,
    data: {
      penaltyId: 'pen1',
      contractId: 'C1',
      projectId: 'P1',
      contractorUscc: U,
      violationIds: ['v1'],
      decidedAt: '2024-11-01',
      authority: '长春市民政局',
      fine: 1_000_000,
      terminateContract: false,
      publishDishonestyRecord: true,
    },
  };

  it('PenaltyImposed v1 → v2 → v3: the authority name kept with uscc null; decision fields, severity and period null; no evaluation cited', () => {
    const current = upcast({ ...penaltyV1, private: { internalNote: 'n' } });
    expect(current).toEqual({
      type: 'PenaltyImposed',
      schemaVersion: 3,
      data: {
        penaltyId: 'pen1',
        contractId: 'C1',
        projectId: 'P1',
        contractorUscc: U,
        violationIds: ['v1'],
        evaluationIds: [],
        rectificationDeadline: null,
        decidedAt: '2024-11-01',
        decisionNumber: null,
        legalBasis: null,
        violationType: null,
        severity: null,
        facts: null,
        penaltyCategories: null,
        content: null,
        authority: { name: '长春市民政局', uscc: null },
        dataSource: null,
        fine: 1_000_000,
        terminateContract: false,
        publishDishonestyRecord: true,
        publicationMonths: null,
        publishedFrom: null,
        publishedUntil: null,
      },
      private: { internalNote: 'n' },
    });
    expect(eventSchemaProblems({ ...newEvent(current.type, current.data as JsonObject, { schemaVersion: 3 }) })).toEqual([]);
    expect(streamOf(current)).toBe('penalty-pen1');
  });

  it('DishonestyRecordPublished v1 → v2: publishedFrom is the day it was published; no period, so publishedUntil null', () => {
    const current = upcast({
      type: 'DishonestyRecordPublished',
      schemaVersion: 1,
      data: { uscc: U, penaltyId: 'pen1', contractId: 'C1', violationIds: ['v1'], publishedAt: '2024-11-01' },
    });
    expect(current).toEqual({
      type: 'DishonestyRecordPublished',
      schemaVersion: 2,
      data: {
        uscc: U,
        penaltyId: 'pen1',
        contractId: 'C1',
        violationIds: ['v1'],
        publishedAt: '2024-11-01',
        decisionNumber: null,
        legalBasis: null,
        authority: null,
        severity: null,
        publicationMonths: null,
        publishedFrom: '2024-11-01',
        publishedUntil: null,
      },
    });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
  });

  it('CreditRepaired v1 → v2: the records it ended stay penaltyIds (several at once); no single penaltyId, no commitment', () => {
    const current = upcast({
      type: 'CreditRepaired',
      schemaVersion: 1,
      data: { uscc: U, repairedAt: '2025-06-01', basis: '整改完成', penaltyIds: ['pen1', 'pen2'] },
    });
    expect(current).toEqual({
      type: 'CreditRepaired',
      schemaVersion: 2,
      data: {
        uscc: U,
        penaltyId: null,
        penaltyIds: ['pen1', 'pen2'],
        repairedAt: '2025-06-01',
        basis: '整改完成',
        commitment: null,
        obligationsFulfilled: null,
        finePaidOn: null,
      },
    });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
    expect(streamOf(current)).toBe(`contractor-${U}`);
  });

  it('the contractor state folds v1 and v2 entries alike, and CreditPublicationEnded ends a record as expired', () => {
    const entries = [
      { type: 'ContractorRegistered', schemaVersion: 1, data: { uscc: U, name: '阳光社工', kind: 'social_organization' } },
      {
        type: 'DishonestyRecordPublished',
        schemaVersion: 1,
        data: { uscc: U, penaltyId: 'pen1', contractId: 'C1', violationIds: ['v1'], publishedAt: '2024-11-01' },
      },
      {
        type: 'DishonestyRecordPublished',
        schemaVersion: 1,
        data: { uscc: U, penaltyId: 'pen2', contractId: 'C1', violationIds: ['v2'], publishedAt: '2024-12-01' },
      },
      { type: 'CreditRepaired', schemaVersion: 1, data: { uscc: U, repairedAt: '2025-06-01', basis: 'b', penaltyIds: ['pen1'] } },
      {
        type: 'CreditPublicationEnded',
        schemaVersion: 1,
        data: { penaltyId: 'pen2', uscc: U, endedOn: '2027-12-01', reason: 'period_elapsed' },
      },
    ].map((stored) => upcast(stored) as ContractorEvent);
    const state = fold(contractorDecider, entries);
    expect(state.status === 'registered' && state.dishonestyRecords.map((r) => [r.penaltyId, r.status])).toEqual([
      ['pen1', 'repaired'],
      ['pen2', 'expired'],
    ]);
  });
});

describe('upcasting TenderPublished v1 → v2 (issue 15: evaluation standards, approval, public notice; gaps stay null)', () => {
  const v1: TenderPublishedV1 = {
    type: 'TenderPublished',
    schemaVersion: 1,
    data: {
      projectId: 'P1',
      method: 'single_source',
      publishedAt: '2024-03-10',
      content: '家计调查 3,000 户',
      term: '12 months',
      quantity: '3000 households',
      quality: '核对准确率 ≥ 98%',
      priceCeiling: 80_000_000,
      qualifications: '社会工作服务机构',
      singleSourceJustification: '唯一具备资质的机构',
    },
  };

  it('keeps every v1 field; evaluationStandards, approval and publicNotice are null, not invented', () => {
    const current = upcast({ ...v1, private: { internalNote: 'n' } });
    expect(current).toEqual({
      type: 'TenderPublished',
      schemaVersion: 2,
      data: { ...v1.data, evaluationStandards: null, approval: null, publicNotice: null },
      private: { internalNote: 'n' },
    });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
    expect(streamOf(current)).toBe('project-P1');
    expect(CURRENT_SCHEMA_VERSION.TenderPublished).toBe(2);
  });

  it('the project fold reads an upcast v1 tender as tendered', () => {
    const registered = upcast({
      type: 'ProjectRegistered',
      schemaVersion: 1,
      data: {
        projectId: 'P1',
        region: '220100',
        fiscalYear: 2024,
        purchaser: { code: 'c', name: 'n' },
        title: 't',
        category: 'affairs.means_test',
        budget: 80_000_000,
        registeredAt: '2024-03-01',
        policyId: 'jl-2020',
      },
    });
    const state = fold(projectDecider, [registered, upcast(v1)] as ProjectEvent[]);
    expect(state).toMatchObject({ status: 'tendered', tender: { method: 'single_source', evaluationStandards: null, approval: null } });
  });
});

describe('upcasting ContractorAwarded v1 → v2 (issue 15 items 7 and 9: gaps stay null, never invented)', () => {
  const v1 = {
    type: 'ContractorAwarded',
    schemaVersion: 1,
    data: {
      projectId: 'P1',
      contractorUscc: '52220100MJ00000016',
      contractorName: '阳光社工',
      amount: 75_000_000,
      awardedAt: '2024-04-01',
    },
    private: { internalNote: 'n' },
  };

  it('a v1 award had no evaluation method and no eligibility evidence: both null; the rest and the private part kept', () => {
    const current = upcast(v1);
    expect(current).toEqual({
      type: 'ContractorAwarded',
      schemaVersion: 2,
      data: { ...v1.data, evaluationMethod: null, eligibility: null },
      private: { internalNote: 'n' },
    });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
    expect(streamOf(current)).toBe('project-P1');
  });

  it('a v2 award passes through as written', () => {
    const data = {
      ...v1.data,
      evaluationMethod: 'comprehensive_scoring',
      eligibility: {
        civilLiability: { documentRef: 'a' },
        facilitiesAndStaff: { documentRef: 'b' },
        governance: { documentRef: 'c' },
        taxAndSocialInsurance: { documentRef: 'd' },
        noMajorViolations: { documentRef: 'e' },
      },
    };
    expect(upcast({ type: 'ContractorAwarded', schemaVersion: 2, data })).toEqual({ type: 'ContractorAwarded', schemaVersion: 2, data });
    expect(CURRENT_SCHEMA_VERSION.ContractorAwarded).toBe(2);
  });
});

describe('upcasting ProjectRegistered v1 → v2 (issue 15 "one meaning of time")', () => {
  const v1 = {
    type: 'ProjectRegistered',
    schemaVersion: 1,
    data: {
      projectId: 'P1',
      region: '150100',
      fiscalYear: 2023,
      purchaser: { code: 'c', name: 'n' },
      title: 't',
      category: 'affairs.means_test',
      budget: 80_000_000,
      registeredAt: '2023-01-15',
      policyId: 'cn-default-2012',
    },
  } as const;

  it("reads v1's recording date, the only business date it has, as registeredOn; nothing else changes", () => {
    const current = upcast(v1);
    const { registeredAt: _dropped, ...rest } = v1.data;
    expect(current).toEqual({ type: 'ProjectRegistered', schemaVersion: 2, data: { ...rest, registeredOn: '2023-01-15' } });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
    expect(CURRENT_SCHEMA_VERSION.ProjectRegistered).toBe(2);
  });
});

describe('upcasting entries written before issue 15 item 5 (004 §三(五): grades, penalties citing failed evaluations)', () => {
  const U = '52220100MJ00000019';
  const penaltyV2: PenaltyImposedV2 = {
    type: 'PenaltyImposed',
    schemaVersion: 2,
    data: {
      penaltyId: 'pen2',
      contractId: 'C1',
      projectId: 'P1',
      contractorUscc: U,
      violationIds: ['v1'],
      decidedAt: '2026-05-01',
      decisionNumber: '长民罚〔2026〕2号',
      legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
      violationType: ['breach'],
      severity: 'general',
      facts: '未按合同提供服务',
      penaltyCategories: ['warning'],
      content: '警告',
      authority: { name: '长春市民政局', uscc: '11220100MB1234567K' },
      dataSource: { name: '长春市民政局', uscc: '11220100MB1234567K' },
      terminateContract: false,
      publishDishonestyRecord: false,
      publicationMonths: 12,
      publishedFrom: '2026-05-01',
      publishedUntil: '2027-04-30',
    },
  };

  it('PenaltyImposed v2 → v3: a v2 penalty cited no evaluation ([]) and ordered no rectification (null); the rest as written', () => {
    const current = upcast(penaltyV2);
    expect(current).toEqual({
      type: 'PenaltyImposed',
      schemaVersion: 3,
      data: { ...penaltyV2.data, evaluationIds: [], rectificationDeadline: null },
    });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 3 }))).toEqual([]);
  });

  it('PerformanceEvaluated v1 → v2: no grade was recorded, so grade null (the rules derive it by the pack of evaluatedAt)', () => {
    const v1: PerformanceEvaluatedV1 = {
      type: 'PerformanceEvaluated',
      schemaVersion: 1,
      data: { contractId: 'C1', evaluationId: 'e1', evaluator: 'third_party', score: 42, evaluatedAt: '2024-10-10', summary: 's' },
    };
    const current = upcast({ ...v1, private: { internalNote: 'n' } });
    expect(current).toEqual({
      type: 'PerformanceEvaluated',
      schemaVersion: 2,
      data: { ...v1.data, grade: null },
      private: { internalNote: 'n' },
    });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
  });
});

describe('upcasting ContractorDebarred v1 → v2 (issue 15 item 5)', () => {
  it('a v1 debarment was for a serious violation (the only grounds then allowed): grounds serious_violation', () => {
    const v1: ContractorDebarredV1 = {
      type: 'ContractorDebarred',
      schemaVersion: 1,
      data: { uscc: 'U', penaltyId: 'X', contractId: 'C', from: '2024-01-01', until: '2024-12-31', decidedAt: '2024-01-01' },
    };
    const current = upcast(v1);
    expect(current).toEqual({ type: 'ContractorDebarred', schemaVersion: 2, data: { ...v1.data, grounds: 'serious_violation' } });
    expect(eventSchemaProblems(newEvent(current.type, current.data as JsonObject, { schemaVersion: 2 }))).toEqual([]);
  });
});
