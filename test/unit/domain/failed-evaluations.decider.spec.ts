import { expect } from '@jest/globals';
import { contractDecider, type ContractCommand, type RecordEvaluation } from '../../../src/contracts/domain/contracts.decider';
import { authorityRegister, penaltyDecider, type ImposePenalty } from '../../../src/penalties/domain/penalties.decider';
import { FAILED_EVALUATION_SEVERITY } from '../../../src/penalties/domain/penalty-rules';
import {
  DEFAULT_EVALUATION_GRADES,
  gradeOfEvaluation,
  gradeOfScore,
  INNER_MONGOLIA_2023,
  JILIN_2020,
  NATIONAL_DEFAULT,
  POLICY_PACKS,
  type PolicyPack,
} from '../../../src/policy';
import type { ContractEvent, Grade, PerformanceEvaluated } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { contractorDecider } from '../../../src/contractors/domain/contractors.decider';
import { checkContractorConditions } from '../../../src/projects/domain/award-rules';
import { CONTRACTOR, contractorRegistered, contractSigned, ELIGIBILITY, violationRecorded } from './fixtures';

/** Issue 15 item 5 — 004 §三(五): 对考评不合格者，提出整改意见，并取消一定时期内承接政府购买社会工作服务资格. */

const C = 'C-2024-001';
const evaluationSpec = (policy: PolicyPack = JILIN_2020) =>
  DeciderSpecification.for({ ...contractDecider, decide: (c: ContractCommand, s) => contractDecider.decide(c, s, policy) });
const evaluate = (over: Partial<RecordEvaluation['data']> = {}): RecordEvaluation => ({
  type: 'RecordEvaluation',
  data: { contractId: C, evaluationId: 'E-1', evaluator: 'third_party', score: 55, evaluatedAt: '2024-12-01', ...over },
});
const evaluated = (evaluationId: string, score: number, grade: Grade | null): PerformanceEvaluated => ({
  type: 'PerformanceEvaluated',
  schemaVersion: 2,
  data: { contractId: C, evaluationId, evaluator: 'third_party', score, evaluatedAt: '2024-12-01', grade },
});

describe('evaluation grades: stated, else derived from the score by the pack in force (004 §三(五))', () => {
  it('every pack carries the thresholds, marked as a parameter without a source in the seeds, with the reason', () => {
    for (const pack of POLICY_PACKS) expect(pack.evaluationGrades).toEqual(DEFAULT_EVALUATION_GRADES);
    expect(DEFAULT_EVALUATION_GRADES).toMatchObject({ excellent: 90, good: 80, pass: 60, source: null });
    expect(DEFAULT_EVALUATION_GRADES.reason).toContain('the seeds give no score thresholds');
  });

  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.99, 'good'],
    [80, 'good'],
    [79.5, 'pass'],
    [60, 'pass'],
    [59.99, 'fail'],
    [0, 'fail'],
  ] as const)('score %p is %s (≥ 90 优秀, ≥ 80 良好, ≥ 60 合格, else 不合格)', (score, grade) =>
    expect(gradeOfScore(score, DEFAULT_EVALUATION_GRADES)).toBe(grade),
  );

  it('without a grade, PerformanceEvaluated records the grade the score earns under the pack', () => {
    evaluationSpec()
      .given([contractSigned()])
      .when(evaluate({ score: 59.5 }))
      .then([evaluated('E-1', 59.5, 'fail')]);
    evaluationSpec(INNER_MONGOLIA_2023)
      .given([contractSigned()])
      .when(evaluate({ score: 80 }))
      .then([evaluated('E-1', 80, 'good')]);
  });

  it('the thresholds are the pack’s: a pack with other thresholds grades the same score otherwise', () => {
    const strict: PolicyPack = { ...NATIONAL_DEFAULT, evaluationGrades: { ...DEFAULT_EVALUATION_GRADES, pass: 70 } };
    evaluationSpec(strict)
      .given([contractSigned()])
      .when(evaluate({ score: 65 }))
      .then([evaluated('E-1', 65, 'fail')]);
  });

  it('a stated grade is recorded as stated, even where the score would band otherwise (the evaluator’s document rules)', () => {
    evaluationSpec()
      .given([contractSigned()])
      .when(evaluate({ score: 85, grade: 'fail' }))
      .then([evaluated('E-1', 85, 'fail')]);
    evaluationSpec()
      .given([contractSigned()])
      .when(evaluate({ score: 40, grade: 'pass' }))
      .then([evaluated('E-1', 40, 'pass')]);
  });

  it('an evaluation recorded before grades (grade null) is graded by the pack in force on its evaluatedAt', () => {
    expect(gradeOfEvaluation('220100', { score: 59, grade: null, evaluatedAt: '2024-12-01' })).toBe('fail');
    expect(gradeOfEvaluation('150100', { score: 60, grade: null, evaluatedAt: '2024-12-01' })).toBe('pass');
    expect(gradeOfEvaluation('220100', { score: 95, grade: 'fail', evaluatedAt: '2024-12-01' })).toBe('fail');
  });
});

describe('penalties citing failed evaluations — PENALTY_WITHOUT_VIOLATION, DEBARMENT_PERIOD_INVALID, DISHONESTY_RECORD_NOT_ALLOWED, DATE_OUT_OF_ORDER', () => {
  const AUTHORITY = { name: '长春市民政局', uscc: '11220100MB1234567K' };
  const contract: ContractEvent[] = [
    contractSigned(),
    violationRecorded('V-1', 'serious', 'fraud'),
    violationRecorded('V-2', 'minor', 'breach'),
    evaluated('E-FAIL', 52, 'fail'),
    evaluated('E-PASS', 75, 'pass'),
    // Recorded before grades (v1, upcast to grade null): 42 is 不合格 by the pack in force on 2024-12-01.
    evaluated('E-OLD-FAIL', 42, null),
    evaluated('E-OLD-PASS', 61, null),
  ];
  const impose = (over: Partial<ImposePenalty['data']> = {}): ImposePenalty => ({
    type: 'ImposePenalty',
    data: {
      penaltyId: 'X-1',
      contractId: C,
      evaluationIds: ['E-FAIL'],
      decidedAt: '2024-12-10',
      decisionNumber: '长民罚决字〔2024〕第9号',
      legalBasis: '民发〔2012〕196号 三(五)',
      facts: '第三方绩效考评不合格',
      penaltyCategories: ['debarment', 'other'],
      content: '责令整改，一年内取消承接资格',
      authority: AUTHORITY,
      ...over,
    },
  });
  const spec = (events: ContractEvent[] = contract) =>
    DeciderSpecification.for({
      ...penaltyDecider,
      decide: (c: ImposePenalty, s) =>
        penaltyDecider.decide(c, s, { contract: fold(contractDecider, events), authority: authorityRegister.initialState() }),
    });
  const decide = (command: ImposePenalty) =>
    penaltyDecider.decide(command, penaltyDecider.initialState(), {
      contract: fold(contractDecider, contract),
      authority: authorityRegister.initialState(),
    });

  it('a failed evaluation alone: rectification deadline and a debarment for a period; severity general, published as general', () => {
    const events = decide(impose({ rectificationDeadline: '2025-03-31', debarment: { from: '2024-12-10', until: '2025-12-09' } }));
    expect(events.map((e) => e.type)).toEqual(['PenaltyImposed', 'ContractorDebarred', 'DecisionNumberIssued']);
    expect(events[0].data).toMatchObject({
      violationIds: [],
      evaluationIds: ['E-FAIL'],
      rectificationDeadline: '2025-03-31',
      violationType: [],
      severity: 'general',
      debarment: { from: '2024-12-10', until: '2025-12-09' },
      // Decided 2024-12-10: Order 58 (2023), 3–36 months; none chosen, so the maximum.
      publicationMonths: 36,
      publishDishonestyRecord: false,
    });
    expect(events[1].data).toEqual({
      uscc: CONTRACTOR,
      penaltyId: 'X-1',
      contractId: C,
      from: '2024-12-10',
      until: '2025-12-09',
      decidedAt: '2024-12-10',
      grounds: 'failed_evaluation',
    });
    expect(FAILED_EVALUATION_SEVERITY).toBe('general');
  });

  it('no rectification ordered: rectificationDeadline null; violations and failed evaluations together take the most severe', () => {
    expect(decide(impose()).at(0)?.data).toMatchObject({ rectificationDeadline: null, severity: 'general' });
    expect(decide(impose({ violationIds: ['V-2'] })).at(0)?.data).toMatchObject({
      violationIds: ['V-2'],
      evaluationIds: ['E-FAIL'],
      violationType: ['breach'],
      severity: 'general',
    });
    expect(decide(impose({ violationIds: ['V-1'] })).at(0)?.data).toMatchObject({ severity: 'serious' });
  });

  it('an evaluation recorded before grades counts as failed when its score fails by the pack of its date', () =>
    expect(decide(impose({ evaluationIds: ['E-OLD-FAIL'] })).at(0)?.data).toMatchObject({ evaluationIds: ['E-OLD-FAIL'] }));

  it('PENALTY_WITHOUT_VIOLATION: neither violations nor evaluations cited', () =>
    spec()
      .given([])
      .when(impose({ evaluationIds: undefined }))
      .thenThrows('PENALTY_WITHOUT_VIOLATION', 'penalty X-1 cites no violation and no failed evaluation'));

  it('PENALTY_WITHOUT_VIOLATION: an evaluation not graded fail, naming its grade and score (004 §三(五))', () => {
    spec()
      .given([])
      .when(impose({ evaluationIds: ['E-FAIL', 'E-PASS'] }))
      .thenThrows('PENALTY_WITHOUT_VIOLATION', 'cites evaluation E-PASS graded pass (score 75): only a failed evaluation (不合格)');
    spec()
      .given([])
      .when(impose({ evaluationIds: ['E-OLD-PASS'] }))
      .thenThrows('PENALTY_WITHOUT_VIOLATION', 'E-OLD-PASS graded pass (score 61)');
  });

  // The contract's state folds its own stream only: an evaluation of another contract is not in it.
  it('PENALTY_WITHOUT_VIOLATION: an evaluation of another contract (or none) is not one of this contract', () =>
    spec()
      .given([])
      .when(impose({ evaluationIds: ['E-OTHER'] }))
      .thenThrows(
        'PENALTY_WITHOUT_VIOLATION',
        'penalty X-1 cites evaluation E-OTHER, not an evaluation of contract C-2024-001 (its evaluations: E-FAIL, E-PASS, E-OLD-FAIL, E-OLD-PASS)',
      ));

  it('DEBARMENT_PERIOD_INVALID: from after until, even on a failed evaluation; a minor violation alone still may not debar', () => {
    spec()
      .given([])
      .when(impose({ debarment: { from: '2025-12-10', until: '2024-12-10' } }))
      .thenThrows('DEBARMENT_PERIOD_INVALID', 'from 2025-12-10 until 2024-12-10');
    spec()
      .given([])
      .when(impose({ evaluationIds: undefined, violationIds: ['V-2'], debarment: { from: '2024-12-10', until: '2025-12-09' } }))
      .thenThrows('DEBARMENT_PERIOD_INVALID', 'needs a serious violation or a failed evaluation; penalty X-1 cites neither (V-2 minor)');
  });

  it('DISHONESTY_RECORD_NOT_ALLOWED: a failed evaluation is not 情节严重 (000 §四(四)4, 001 §二(六))', () =>
    spec()
      .given([])
      .when(impose({ publishDishonestyRecord: true }))
      .thenThrows('DISHONESTY_RECORD_NOT_ALLOWED', 'penalty X-1 is general (evaluation E-FAIL fail)'));

  it('DATE_OUT_OF_ORDER: a cited evaluation after the decision; the evaluation day itself is allowed', () => {
    spec()
      .given([])
      .when(impose({ decidedAt: '2024-11-30' }))
      .thenThrows('DATE_OUT_OF_ORDER', 'penalty X-1 decided on 2024-11-30 cites evaluation E-FAIL of 2024-12-01, after the decision');
    expect(decide(impose({ decidedAt: '2024-12-01' })).at(0)?.data).toMatchObject({ decidedAt: '2024-12-01' });
  });

  it('DATE_OUT_OF_ORDER: a rectification deadline before the decision; the decision day itself is allowed', () => {
    spec()
      .given([])
      .when(impose({ rectificationDeadline: '2024-12-09' }))
      .thenThrows('DATE_OUT_OF_ORDER', "rectificationDeadline 2024-12-09 is before the penalty's decision on 2024-12-10");
    expect(decide(impose({ rectificationDeadline: '2024-12-10' })).at(0)?.data).toMatchObject({ rectificationDeadline: '2024-12-10' });
  });
});

describe('a debarment for a failed evaluation is a loss of eligibility for its period, not a 重大违法记录 (004 §三(五); 000 §二(二)1)', () => {
  const AUTHORITY = { name: '长春市民政局', uscc: '11220100MB1234567K' };
  const contract: ContractEvent[] = [contractSigned(), violationRecorded('V-1', 'serious', 'fraud'), evaluated('E-FAIL', 52, 'fail')];
  const debarFor = (cites: Partial<ImposePenalty['data']>) =>
    penaltyDecider
      .decide(
        {
          type: 'ImposePenalty',
          data: {
            penaltyId: 'X-1',
            contractId: C,
            decidedAt: '2024-12-10',
            decisionNumber: '长民罚决字〔2024〕第9号',
            legalBasis: 'l',
            facts: 'f',
            penaltyCategories: ['debarment'],
            content: 'c',
            authority: AUTHORITY,
            debarment: { from: '2024-12-10', until: '2025-12-09' },
            ...cites,
          },
        },
        penaltyDecider.initialState(),
        { contract: fold(contractDecider, contract), authority: authorityRegister.initialState() },
      )
      .filter((e) => e.type === 'ContractorDebarred');
  const award = (awardedAt: string) => ({ contractorUscc: CONTRACTOR, awardedAt, eligibility: ELIGIBILITY });

  it('ContractorDebarred records its grounds: serious_violation when a serious violation is cited, else failed_evaluation', () => {
    expect(debarFor({ evaluationIds: ['E-FAIL'] }).map((e) => e.data)).toEqual([expect.objectContaining({ grounds: 'failed_evaluation' })]);
    expect(debarFor({ evaluationIds: ['E-FAIL'], violationIds: ['V-1'] }).map((e) => e.data)).toEqual([
      expect.objectContaining({ grounds: 'serious_violation' }),
    ]);
  });

  it('CONTRACTOR_CONDITIONS_UNMET counts a debarment for a serious violation within 3 years, not one for a failed evaluation', () => {
    const after = (cites: Partial<ImposePenalty['data']>) => fold(contractorDecider, [contractorRegistered(), ...debarFor(cites)]);
    expect(() => checkContractorConditions(award('2026-01-05'), after({ evaluationIds: ['E-FAIL'] }))).not.toThrow();
    expect(() => checkContractorConditions(award('2026-01-05'), after({ violationIds: ['V-1'] }))).toThrow(
      `CONTRACTOR_CONDITIONS_UNMET: contractor ${CONTRACTOR} has a penalty for a serious violation within 3 years`,
    );
  });
});
