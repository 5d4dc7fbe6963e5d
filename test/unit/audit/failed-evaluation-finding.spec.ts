import { expect } from '@jest/globals';
import type { ContractEvaluation, ContractPenalty, ContractRow } from '../../../projections/contracts/contracts.projection';
import { contractFindings, failedEvaluationFindings } from '../../../src/audit/domain/findings';
import { officialCalendar } from '../../../src/shared/calendar/official-calendar';
import { contract as contractRow } from './contract-row';

/** FAILED_EVALUATION_UNADDRESSED — 004 §三(五): a failed evaluation calls for rectification (and may cost eligibility). */

const contract = (evaluations: ContractEvaluation[], penalties: ContractPenalty[] = []): ContractRow =>
  contractRow({ evaluations, penalties, paymentSchedule: [], lastPosition: 30 });
const evaluation = (evaluationId: string, score: number, grade: ContractEvaluation['grade'], position: number): ContractEvaluation => ({
  evaluationId,
  evaluator: 'third_party',
  score,
  grade,
  evaluatedAt: '2024-10-01',
  position,
});
const penalty = (penaltyId: string, evaluationIds: string[], position: number, revokedPosition?: number): ContractPenalty => ({
  penaltyId,
  violationIds: [],
  evaluationIds,
  decidedAt: '2024-10-15',
  rectificationDeadline: '2024-12-31',
  terminateContract: false,
  status: revokedPosition === undefined ? 'imposed' : 'revoked',
  position,
  ...(revokedPosition !== undefined ? { revokedAt: '2024-11-01', revokedPosition } : {}),
});

describe('FAILED_EVALUATION_UNADDRESSED (004 §三(五))', () => {
  const failed = evaluation('e-fail', 52, 'fail', 12);
  const passed = evaluation('e-pass', 75, 'pass', 13);

  it('a failed evaluation without a penalty citing it is listed at once, with its position', () => {
    const findings = contractFindings(contract([failed, passed]), '2024-10-02', officialCalendar);
    expect(findings).toEqual([
      {
        code: 'FAILED_EVALUATION_UNADDRESSED',
        contractId: 'c1',
        positions: [12],
        detail:
          'evaluation e-fail of contract c1 (third_party, 2024-10-01, score 52) is graded fail and no penalty in force cites it: ' +
          'a failed evaluation calls for rectification and may cost eligibility for a period (004 §三(五)); listed from the day it is recorded',
      },
    ]);
  });

  it('a penalty in force citing it addresses it; one citing another evaluation does not', () => {
    expect(failedEvaluationFindings(contract([failed], [penalty('pen-1', ['e-fail'], 20)]))).toEqual([]);
    expect(failedEvaluationFindings(contract([failed], [penalty('pen-1', ['e-other'], 20)])).map((f) => f.positions)).toEqual([[12]]);
  });

  it('a revoked penalty no longer addresses it: listed again, with the penalty and its revocation among the positions', () => {
    const [finding] = failedEvaluationFindings(contract([failed], [penalty('pen-1', ['e-fail'], 20, 25)]));
    expect(finding.positions).toEqual([12, 20, 25]);
    expect(finding.detail).toContain('no penalty in force cites it (revoked: pen-1)');
  });

  it('a stated grade rules; an evaluation recorded before grades (null) is graded by its score under the pack of its date', () => {
    expect(failedEvaluationFindings(contract([evaluation('e1', 85, 'fail', 12)])).map((f) => f.code)).toEqual([
      'FAILED_EVALUATION_UNADDRESSED',
    ]);
    expect(failedEvaluationFindings(contract([evaluation('e1', 40, 'pass', 12)]))).toEqual([]);
    const [legacy] = failedEvaluationFindings(contract([evaluation('e-old', 59, null, 12), evaluation('e-old-pass', 60, null, 13)]));
    expect(legacy.detail).toContain(
      'evaluation e-old of contract c1 (third_party, 2024-10-01, score 59) is graded fail by its score (no grade recorded)',
    );
    expect(failedEvaluationFindings(contract([evaluation('e-old-pass', 60, null, 13)]))).toEqual([]);
  });
});
