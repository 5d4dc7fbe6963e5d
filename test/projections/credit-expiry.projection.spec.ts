import type { LedgerEvent } from '../../events';
import { dishonestyStatusOn } from '../../projections/common/credit-status';
import { creditRecords, type CreditRecordRow } from '../../projections/credit_records/credit_records.projection';
import { disclosedContract, disclosureProjection, shownOn } from '../../projections/disclosure/disclosure.projection';
import { dishonestyRecords, type DishonestyRecordRow } from '../../projections/dishonesty_records/dishonesty_records.projection';
import { AUTHORITY, ev, expectReplayable, P1_HISTORY, REPAIR, REVOCATION, rowOf, rowsOf, U1 } from './fixtures/lifecycle';

/**
 * The end of a record's publication (issue 14): by its period (CreditPublicationEnded, and by the date alone
 * before that entry exists) and by credit repair, in the three read models that show records.
 * pen1 (P1_HISTORY) is published from 2024-11-01 until 2027-10-31 inclusive.
 */
const EXPIRY: LedgerEvent[] = [
  ev('CreditPublicationEnded', { penaltyId: 'pen1', uscc: U1, endedOn: '2027-11-01', reason: 'period_elapsed' }),
];
const columns = (row: DishonestyRecordRow): Record<string, unknown> =>
  Object.fromEntries(Object.entries(dishonestyRecords.columns).map(([c, d]) => [c, d.of(row)]));
const record = (events: readonly LedgerEvent[]): DishonestyRecordRow =>
  rowOf<DishonestyRecordRow>(rowsOf(dishonestyRecords, events), 'record:pen1');
const credit = (events: readonly LedgerEvent[]): CreditRecordRow['dishonestyRecords'][number] =>
  rowOf<CreditRecordRow>(rowsOf(creditRecords, events), `contractor:${U1}`).dishonestyRecords[0];

describe('dishonesty_records: what a credit platform publishes, and when it stops', () => {
  it('carries the contractor, the decision and the period; in the lists until publishedUntil, by the date alone', () => {
    const published = record(P1_HISTORY);
    expect(published).toMatchObject({
      kind: 'record',
      penaltyId: 'pen1',
      uscc: U1,
      name: '长春市阳光社会工作服务中心',
      decisionNumber: '长民罚〔2024〕1号',
      legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
      authority: AUTHORITY,
      severity: 'serious',
      publishedFrom: '2024-11-01',
      publishedUntil: '2027-10-31',
      status: 'published',
      endedOn: null,
    });
    // Before CreditPublicationEnded exists, the period alone ends the record in the lists and in its status.
    expect(columns(published)).toMatchObject({ status: 'published', published_from: '2024-11-01', ends_on: '2027-11-01' });
    expect(['2024-10-31', '2024-11-01', '2027-10-31', '2027-11-01'].map((d) => dishonestyStatusOn(published, d))).toEqual([
      null,
      'published',
      'published',
      'expired',
    ]);
  });

  it('expires with CreditPublicationEnded, once: a second one, or one after a withdrawal, changes nothing', () => {
    const expired = record([...P1_HISTORY, ...EXPIRY]);
    expect(expired).toMatchObject({ status: 'expired', endedOn: '2027-11-01' });
    expect(expired.history.map((h) => [h.status, h.on])).toEqual([
      ['published', '2024-11-01'],
      ['expired', '2027-11-01'],
    ]);
    expect(columns(expired)).toMatchObject({ status: 'expired', ends_on: '2027-11-01' });
    expect(record([...P1_HISTORY, ...EXPIRY, ...EXPIRY])).toEqual(expired);
    expect(record([...P1_HISTORY, ...REVOCATION, ...EXPIRY])).toMatchObject({ status: 'withdrawn', endedOn: '2025-01-15' });
  });

  it('a repaired record leaves every list (whatever the date asked), keeping its history for auditors', () => {
    const repaired = record([...P1_HISTORY, ...REPAIR]);
    expect(repaired).toMatchObject({ status: 'repaired', endedOn: '2025-06-01' });
    expect(repaired.history.map((h) => h.status)).toEqual(['published', 'repaired']);
    // ends_on = published_from: published_from ≤ D < ends_on holds for no date.
    expect(columns(repaired)).toMatchObject({ published_from: '2024-11-01', ends_on: '2024-11-01' });
    // A CreditPublicationEnded for an already repaired record (the service never appends one) changes nothing.
    expect(record([...P1_HISTORY, ...REPAIR, ...EXPIRY])).toEqual(repaired);
  });

  it('replays from 0, resumes from any checkpoint and ignores an entry delivered twice', () => {
    for (const p of [dishonestyRecords, creditRecords, disclosureProjection]) {
      expectReplayable(p as never, [...P1_HISTORY, ...EXPIRY]);
      expectReplayable(p as never, [...P1_HISTORY, ...REPAIR, ...REVOCATION]);
    }
  });
});

describe('credit_records: expired and repaired records with their history', () => {
  it('shows the period, then expired from endedOn', () => {
    expect(credit(P1_HISTORY)).toMatchObject({
      publishedFrom: '2024-11-01',
      publishedUntil: '2027-10-31',
      status: 'published',
      endedOn: null,
    });
    const expired = credit([...P1_HISTORY, ...EXPIRY]);
    expect(expired).toMatchObject({ status: 'expired', endedOn: '2027-11-01' });
    expect(['2027-10-31', '2027-11-01'].map((d) => dishonestyStatusOn(expired, d))).toEqual(['published', 'expired']);
  });

  it('shows a repair, and a later withdrawal keeps the first end', () => {
    expect(credit([...P1_HISTORY, ...REPAIR])).toMatchObject({ status: 'repaired', endedOn: '2025-06-01' });
    const laterWithdrawal = ev('DishonestyRecordWithdrawn', { uscc: U1, penaltyId: 'pen1', withdrawnAt: '2025-09-01', reason: 'r' });
    const both = credit([...P1_HISTORY, ...REPAIR, laterWithdrawal]);
    expect(both).toMatchObject({ status: 'withdrawn', endedOn: '2025-06-01' });
    expect(both.history.map((h) => [h.status, h.on])).toEqual([
      ['published', '2024-11-01'],
      ['repaired', '2025-06-01'],
      ['withdrawn', '2025-09-01'],
    ]);
  });
});

describe('disclosure: the public view stops showing a record whose publication ended', () => {
  const contract = (events: readonly LedgerEvent[]) => disclosedContract(rowsOf(disclosureProjection, events).get('contract:C1') ?? null)!;

  it('drops a repaired or expired record; keeps a withdrawn one, marked so', () => {
    expect(contract(P1_HISTORY).dishonestyRecords).toMatchObject([
      { penaltyId: 'pen1', publishedFrom: '2024-11-01', publishedUntil: '2027-10-31' },
    ]);
    expect(contract([...P1_HISTORY, ...REPAIR]).dishonestyRecords).toEqual([]);
    expect(contract([...P1_HISTORY, ...EXPIRY]).dishonestyRecords).toEqual([]);
    expect(contract([...P1_HISTORY, ...REVOCATION]).dishonestyRecords).toMatchObject([{ status: 'withdrawn', endedAt: '2025-01-15' }]);
  });

  it('by the date alone, before CreditPublicationEnded exists', () => {
    const c = contract(P1_HISTORY);
    expect(shownOn(c, '2027-10-31').dishonestyRecords).toHaveLength(1);
    expect(shownOn(c, '2027-11-01').dishonestyRecords).toEqual([]);
    // A row of the previous definition, served while this one is rebuilt, has no period: shown as it was.
    const { publishedUntil: _u, ...older } = c.dishonestyRecords[0];
    expect(
      shownOn({ ...c, dishonestyRecords: [older as (typeof c.dishonestyRecords)[number]] }, '2099-01-01').dishonestyRecords,
    ).toHaveLength(1);
  });
});
