import { expect } from '@jest/globals';
import type { LedgerEvent } from '../../events';
import { contractsProjection, type ContractRow } from '../../projections/contracts/contracts.projection';
import { creditRecords, type CreditRecordRow } from '../../projections/credit_records/credit_records.projection';
import { creditFeed } from '../../projections/credit_feed/credit_feed.projection';
import { creditXzcf, type XzcfRow } from '../../projections/credit_xzcf/credit_xzcf.projection';
import { disclosureProjection, type DisclosedContractRow } from '../../projections/disclosure/disclosure.projection';
import { ocdsReleasesProjection, type OcdsReleaseRow } from '../../projections/ocds_releases/ocds_releases.projection';
import { AUTHORITY, ev, expectReplayable, P1_HISTORY, rowOf, rowsOf, U1 } from './fixtures/lifecycle';

/**
 * Issue 15 item 5 (004 §三(五)): an evaluation's grade and a penalty citing a failed evaluation, with a
 * rectification deadline and a debarment, as each read model that shows evaluations or penalties shows them.
 */

const EVALUATED = P1_HISTORY.length + 1;
const PENALISED = P1_HISTORY.length + 2;
const HISTORY: LedgerEvent[] = [
  ...P1_HISTORY,
  ev('PerformanceEvaluated', {
    contractId: 'C1',
    evaluationId: 'e-fail',
    evaluator: 'third_party',
    score: 48,
    grade: 'fail',
    evaluatedAt: '2024-11-05',
  }),
  ev('PenaltyImposed', {
    penaltyId: 'pen-eval',
    contractId: 'C1',
    projectId: 'P1',
    contractorUscc: U1,
    violationIds: [],
    evaluationIds: ['e-fail'],
    decidedAt: '2024-11-10',
    rectificationDeadline: '2025-01-31',
    decisionNumber: '长民罚〔2024〕9号',
    legalBasis: '民发〔2012〕196号 三(五)',
    violationType: [],
    severity: 'general',
    facts: '第三方绩效考评不合格',
    penaltyCategories: ['debarment', 'other'],
    content: '责令限期整改，一年内取消承接资格',
    authority: AUTHORITY,
    dataSource: AUTHORITY,
    terminateContract: false,
    debarment: { from: '2024-11-10', until: '2025-11-09' },
    publishDishonestyRecord: false,
    publicationMonths: 12,
    publishedFrom: '2024-11-10',
    publishedUntil: '2025-11-09',
  }),
];
const CITES = { evaluationIds: ['e-fail'], rectificationDeadline: '2025-01-31' };

describe('failed evaluations and the penalties citing them, in the read models', () => {
  it('contracts: the grade on the evaluation, evaluationIds and rectificationDeadline on the penalty (older penalty: [] and null)', () => {
    const row = rowOf<ContractRow>(rowsOf(contractsProjection, HISTORY), 'contract:C1');
    expect(row.evaluations.at(-1)).toEqual({
      evaluationId: 'e-fail',
      evaluator: 'third_party',
      score: 48,
      grade: 'fail',
      evaluatedAt: '2024-11-05',
      position: EVALUATED,
    });
    expect(row.penalties.map((p) => [p.penaltyId, p.violationIds, p.evaluationIds, p.rectificationDeadline])).toEqual([
      ['pen1', ['v1'], [], null],
      ['pen-eval', [], ['e-fail'], '2025-01-31'],
    ]);
  });

  it('disclosure and the credit record: the grade, and what the penalty cites and orders', () => {
    const contract = rowOf<DisclosedContractRow>(rowsOf(disclosureProjection, HISTORY), 'contract:C1');
    expect(contract.evaluations.map((e) => e.grade)).toEqual(['excellent', 'good', 'fail']);
    expect(contract.penalties.at(-1)).toMatchObject({ penaltyId: 'pen-eval', violationIds: [], ...CITES });
    const record = rowOf<CreditRecordRow>(rowsOf(creditRecords, HISTORY), `contractor:${U1}`);
    expect(record.evaluations.at(-1)).toMatchObject({ evaluationId: 'e-fail', grade: 'fail' });
    expect(record.penalties.at(-1)).toMatchObject({ penaltyId: 'pen-eval', violationIds: [], ...CITES, severity: 'general' });
  });

  it('credit feed and xzcf: the grade and the citation; 违法行为类型 绩效考评不合格, the rectification deadline in BZ', () => {
    const feed = [...rowsOf(creditFeed, HISTORY).values()] as { kind: string; type?: string; data?: Record<string, unknown> }[];
    expect(feed.find((r) => r.type === 'PerformanceEvaluated' && r.data?.evaluationId === 'e-fail')?.data).toMatchObject({ grade: 'fail' });
    expect(feed.find((r) => r.type === 'PenaltyImposed' && r.data?.penaltyId === 'pen-eval')?.data).toMatchObject(CITES);
    const xzcf = [...rowsOf(creditXzcf, HISTORY).values()].filter((r): r is XzcfRow => (r as XzcfRow).kind === 'xzcf');
    expect(xzcf.find((r) => r.penaltyId === 'pen-eval')?.record).toMatchObject({
      CF_WFXW: '绩效考评不合格',
      CF_YXQ: '2025-11-09',
      BZ: '账本处罚编号：pen-eval；整改期限：2025-01-31',
    });
    expect(xzcf.find((r) => r.penaltyId === 'pen1')?.record).toMatchObject({ CF_WFXW: '转包', BZ: '账本处罚编号：pen1' });
  });

  it('OCDS: a performance failure of category failed_evaluation, counting what it cites, with the rectification deadline', () => {
    const release = [...rowsOf(ocdsReleasesProjection, HISTORY).values()].find(
      (r) => (r as OcdsReleaseRow).position === PENALISED,
    ) as OcdsReleaseRow;
    expect(release.body.contracts).toEqual([
      expect.objectContaining({
        implementation: {
          performanceFailures: [
            {
              id: 'pen-eval',
              category: 'failed_evaluation',
              events: 1,
              penaltyImposed: '长春市民政局 2024-11-10; 限期整改至 2025-01-31; 禁止参与 2024-11-10 至 2025-11-09',
            },
          ],
        },
      }),
    ]);
  });

  it('each replays from 0 to identical rows, resumes from any checkpoint, and ignores a repeated entry', () => {
    for (const p of [contractsProjection, creditRecords, creditFeed, creditXzcf, disclosureProjection, ocdsReleasesProjection])
      expectReplayable(p as never, HISTORY);
  });
});
