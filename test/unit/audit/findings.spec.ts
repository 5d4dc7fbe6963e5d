import type { ContractRow } from '../../../projections/contracts/contracts.projection';
import { contract } from './contract-row';
import { expect } from '@jest/globals';
import { budgetFindings, contractFindings } from '../../../src/audit/domain/findings';
import { officialCalendar } from '../../../src/shared/calendar/official-calendar';
import { mondayToFriday, workingDaysAfter } from '../../../src/shared/domain/working-calendar';

const codes = (c: ContractRow, today: string) => contractFindings(c, today, officialCalendar).map((f) => f.code);
/** The announcement finding alone, for contracts signed after the fixture's first instalment fell due. */
const late = (c: ContractRow, today: string) => codes(c, today).filter((code) => code === 'LATE_ANNOUNCEMENT');

describe('compliance findings', () => {
  it('counts working days: signed on a Friday, due the next Tuesday', () => {
    expect(workingDaysAfter('2024-03-22', 2, officialCalendar)).toBe('2024-03-26');
    expect(workingDaysAfter('2024-03-25', 2, officialCalendar)).toBe('2024-03-27');
  });

  it('counts working days by the official calendar: National Day 2024 (10-01..10-07) moves the deadline past the holiday', () => {
    // 国办发明电〔2023〕7号: 10-01..10-07 off, 09-29 (Sunday) and 10-12 (Saturday) worked.
    expect(workingDaysAfter('2024-09-30', 2, officialCalendar)).toBe('2024-10-09');
    expect(workingDaysAfter('2024-09-30', 2, mondayToFriday)).toBe('2024-10-02');
    const signedBeforeHoliday = contract({ signedAt: '2024-09-30', announcedAt: '2024-10-09' });
    expect(late(signedBeforeHoliday, '2024-10-31')).toEqual([]);
    expect(late(contract({ signedAt: '2024-09-30', announcedAt: '2024-10-10' }), '2024-10-31')).toEqual(['LATE_ANNOUNCEMENT']);
    expect(late(contract({ signedAt: '2024-09-30', announcedAt: null, announcedPosition: null }), '2024-10-09')).toEqual([]);
    const detail = contractFindings(
      contract({ signedAt: '2024-09-30', announcedAt: null, announcedPosition: null }),
      '2024-10-10',
      officialCalendar,
    );
    expect(detail.filter((f) => f.code === 'LATE_ANNOUNCEMENT').map((f) => f.detail)).toEqual([
      'contract c1 signed 2024-09-30 is not announced; the deadline was 2024-10-09 (2 working days)',
    ]);
  });

  it('counts a make-up Saturday (调休上班) as a working day: signed Friday 2024-10-11, due Monday 2024-10-14', () => {
    expect(workingDaysAfter('2024-10-11', 2, officialCalendar)).toBe('2024-10-14');
    expect(late(contract({ signedAt: '2024-10-11', announcedAt: '2024-10-14' }), '2024-10-31')).toEqual([]);
    expect(late(contract({ signedAt: '2024-10-11', announcedAt: '2024-10-15' }), '2024-10-31')).toEqual(['LATE_ANNOUNCEMENT']);
    // And a make-up Sunday: signed Friday 2024-09-27, 09-29 (Sunday) and 09-30 are the two working days.
    expect(workingDaysAfter('2024-09-27', 2, officialCalendar)).toBe('2024-09-30');
    expect(late(contract({ signedAt: '2024-09-27', announcedAt: '2024-10-08' }), '2024-10-31')).toEqual(['LATE_ANNOUNCEMENT']);
  });

  it('finds an announcement later than 2 working days, or none by then', () => {
    expect(codes(contract(), '2024-04-01')).toEqual([]);
    expect(codes(contract({ announcedAt: '2024-03-27' }), '2024-04-01')).toEqual(['LATE_ANNOUNCEMENT']);
    expect(codes(contract({ announcedAt: null, announcedPosition: null }), '2024-03-26')).toEqual([]);
    expect(codes(contract({ announcedAt: null, announcedPosition: null }), '2024-03-27')).toEqual(['LATE_ANNOUNCEMENT']);
  });

  it('finds a contract that ended without all three evaluations', () => {
    const evaluated = (...who: string[]) =>
      who.map((evaluator, i) => ({
        evaluationId: `e${i}`,
        evaluator,
        score: 80,
        grade: 'good' as const,
        evaluatedAt: '2025-03-01',
        position: 20 + i,
      })) as ContractRow['evaluations'];
    const paidUp = {
      payments: [{ paymentId: 'p', amount: 1000, paidAt: '2024-12-31', purpose: 's', position: 30 }],
      paid: 1000,
      remaining: 0,
    };
    expect(codes(contract({ ...paidUp, evaluations: evaluated('purchaser', 'third_party') }), '2025-04-01')).toEqual([
      'MISSING_EVALUATIONS',
    ]);
    expect(codes(contract({ ...paidUp, evaluations: evaluated('purchaser', 'third_party', 'service_recipients') }), '2025-04-01')).toEqual(
      [],
    );
    expect(codes(contract({ ...paidUp, evaluations: evaluated('purchaser') }), '2025-03-31')).toEqual([]);
  });

  it('finds payments behind and ahead of the schedule', () => {
    expect(codes(contract(), '2024-07-01')).toEqual(['PAYMENTS_BEHIND_SCHEDULE']);
    const early = {
      payments: [{ paymentId: 'p', amount: 600, paidAt: '2024-06-30', purpose: 's', position: 30 }],
      paid: 600,
      remaining: 400,
    };
    expect(codes(contract(early), '2024-07-01')).toEqual(['PAYMENTS_AHEAD_OF_SCHEDULE']);
  });

  it('finds a region-year above 90% of its cap, not at 90%', () => {
    expect(budgetFindings('220102', 2024, 900, 1000)).toEqual([]);
    expect(budgetFindings('220102', 2024, 901, 1000).map((f) => f.code)).toEqual(['NEAR_BUDGET_CAP']);
  });
});
