import { dishonestyStatusOn } from '../../projections/common/credit-status';
import { creditFeed } from '../../projections/credit_feed/credit_feed.projection';
import { creditRecords, debarredOn, type CreditRecordRow } from '../../projections/credit_records/credit_records.projection';
import { dishonestyRecords, type DishonestyRecordRow } from '../../projections/dishonesty_records/dishonesty_records.projection';
import {
  COMPLETION_C2,
  expectReplayable,
  P1_HISTORY,
  P2_UNANNOUNCED,
  REPAIR,
  REVOCATION,
  rowOf,
  rowsOf,
  U1,
  U2,
} from './fixtures/lifecycle';

/** The credit read models (specified in credit.projection.spec.ts) over the shared realistic lifecycle. */
describe('credit read models over the lifecycle', () => {
  const events = [...P1_HISTORY, ...P2_UNANNOUNCED, ...COMPLETION_C2];

  it('credit_records: both contractors, contracts won with their outcome, average score, debarment on a date', () => {
    const rows = rowsOf(creditRecords, events);
    const u1 = rowOf<CreditRecordRow>(rows, `contractor:${U1}`);
    expect(u1).toMatchObject({
      name: '长春市阳光社会工作服务中心',
      contractsValue: 75_000_000,
      averageScore: 85.5,
      contracts: [{ contractId: 'C1', status: 'terminated' }],
    });
    expect([
      debarredOn(u1, '2024-10-31'),
      debarredOn(u1, '2024-11-01'),
      debarredOn(u1, '2027-10-31'),
      debarredOn(u1, '2027-11-01'),
    ]).toEqual([false, true, true, false]);
    // C2 was never announced: sealed (credit-seal.projection.spec.ts).
    expect(rowOf<CreditRecordRow>(rows, `contractor:${U2}`)).toMatchObject({
      region: null,
      contracts: [],
      contractsValue: 0,
      debarments: [],
    });
  });

  it('a revocation lifts the debarment for every date, past ones included', () => {
    const u1 = rowOf<CreditRecordRow>(rowsOf(creditRecords, [...events, ...REVOCATION]), `contractor:${U1}`);
    expect(['2024-11-01', '2025-01-14', '2025-01-15', '2026-01-01'].map((d) => debarredOn(u1, d))).toEqual([false, false, false, false]);
  });

  it('dishonestyStatusOn: published from publication, withdrawn or repaired from that day, expired after publishedUntil', () => {
    const withdrawn = rowOf<CreditRecordRow>(rowsOf(creditRecords, [...events, ...REVOCATION]), `contractor:${U1}`).dishonestyRecords[0];
    expect(['2024-10-31', '2024-11-01', '2025-01-14', '2025-01-15', '2099-12-31'].map((d) => dishonestyStatusOn(withdrawn, d))).toEqual([
      null,
      'published',
      'published',
      'withdrawn',
      'withdrawn',
    ]);
    const repaired = rowOf<DishonestyRecordRow>(rowsOf(dishonestyRecords, [...events, ...REPAIR]), 'record:pen1');
    expect(['2024-11-01', '2025-05-31', '2025-06-01', '2099-12-31'].map((d) => dishonestyStatusOn(repaired, d))).toEqual([
      'published',
      'published',
      'repaired',
      'repaired',
    ]);
    // Published until 2027-10-31: expired from the next day, whether or not CreditPublicationEnded is on the ledger yet.
    const open = rowOf<DishonestyRecordRow>(rowsOf(dishonestyRecords, events), 'record:pen1');
    expect(['2027-10-31', '2027-11-01', '2099-12-31'].map((d) => dishonestyStatusOn(open, d))).toEqual(['published', 'expired', 'expired']);
  });

  it('replay from 0, resuming from any checkpoint and an entry delivered twice give identical rows', () => {
    const all = [...events, ...REPAIR, ...REVOCATION];
    for (const p of [creditRecords, dishonestyRecords, creditFeed]) expectReplayable(p as never, all);
  });
});
