import type { LedgerEvent } from '../../../events';
import { decideExpiry, publicationsOf } from '../../../src/credit/domain/publication-expiry';
import { expiryEventId, msUntilNextBusinessDay, uuidV5 } from '../../../src/credit/expiry/credit-publication-expiry.service';
import { CONTRACTOR } from './fixtures';

const AUTHORITY = { name: '长春市民政局', uscc: '11220100MB1234567K' };
const published = (penaltyId: string, publishedUntil: string | null): LedgerEvent => ({
  type: 'DishonestyRecordPublished',
  schemaVersion: 2,
  data: {
    uscc: CONTRACTOR,
    penaltyId,
    contractId: 'C-1',
    violationIds: ['V-1'],
    publishedAt: '2026-05-01',
    decisionNumber: '长民罚〔2026〕7号',
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    authority: AUTHORITY,
    severity: 'serious',
    publicationMonths: publishedUntil === null ? null : 12,
    publishedFrom: '2026-05-01',
    publishedUntil,
  },
});
const ended = (penaltyId: string, endedOn: string): LedgerEvent => ({
  type: 'CreditPublicationEnded',
  schemaVersion: 1,
  data: { penaltyId, uscc: CONTRACTOR, endedOn, reason: 'period_elapsed' },
});

describe('the end of a publication period (pure)', () => {
  const history = [published('P-1', '2027-04-30')];

  it('is due from the day after publishedUntil (China Standard Time business date), with endedOn that day', () => {
    const record = publicationsOf(history).get('P-1');
    expect(decideExpiry(record, '2027-04-30')).toBeNull();
    const expected = {
      type: 'CreditPublicationEnded',
      schemaVersion: 1,
      data: { penaltyId: 'P-1', uscc: CONTRACTOR, endedOn: '2027-05-01', reason: 'period_elapsed' },
    };
    expect(decideExpiry(record, '2027-05-01')).toEqual(expected);
    // After downtime, the first run still ends it on the day after publishedUntil, not on the day it runs.
    expect(decideExpiry(record, '2027-09-13')).toEqual(expected);
  });

  it('never twice, and never for a record withdrawn, repaired, unknown, or without a period', () => {
    expect(decideExpiry(publicationsOf([...history, ended('P-1', '2027-05-01')]).get('P-1'), '2027-06-01')).toBeNull();
    const withdrawn: LedgerEvent = {
      type: 'DishonestyRecordWithdrawn',
      schemaVersion: 1,
      data: { uscc: CONTRACTOR, penaltyId: 'P-1', withdrawnAt: '2026-09-01', reason: '复议撤销' },
    };
    expect(decideExpiry(publicationsOf([...history, withdrawn]).get('P-1'), '2027-06-01')).toBeNull();
    const repaired: LedgerEvent = {
      type: 'CreditRepaired',
      schemaVersion: 2,
      data: {
        uscc: CONTRACTOR,
        penaltyId: 'P-1',
        penaltyIds: ['P-1'],
        repairedAt: '2026-11-02',
        basis: '信用修复决定书',
        commitment: '信用承诺书',
        obligationsFulfilled: true,
        finePaidOn: null,
      },
    };
    expect(decideExpiry(publicationsOf([...history, repaired]).get('P-1'), '2027-06-01')).toBeNull();
    expect(decideExpiry(publicationsOf(history).get('P-2'), '2027-06-01')).toBeNull();
    expect(decideExpiry(publicationsOf([published('P-3', null)]).get('P-3'), '2099-12-31')).toBeNull();
  });

  it('waits until 00:00 UTC+8 of the next day', () => {
    // 2027-04-30T15:59:59.000Z is 23:59:59 in Changchun: one second to midnight.
    expect(msUntilNextBusinessDay(new Date('2027-04-30T15:59:59.000Z'))).toBe(1000);
    expect(msUntilNextBusinessDay(new Date('2027-04-30T16:00:00.000Z'))).toBe(24 * 3600_000);
    expect(msUntilNextBusinessDay(new Date('2027-04-30T00:00:00.000Z'))).toBe(16 * 3600_000);
  });

  it('derives the event id from the record: RFC 9562 UUIDv5, the same on every instance', () => {
    // RFC 9562 appendix A.4 test vector: the DNS namespace and "www.example.com".
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(expiryEventId('P-1')).toBe(expiryEventId('P-1'));
    expect(expiryEventId('P-1')).not.toBe(expiryEventId('P-2'));
    expect(expiryEventId('P-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
