import type { LedgerEvent } from '../../../events';
import { decideExpiry, decidePenaltyExpiry, penaltyPublicationOf, publicationsOf } from '../../../src/credit/domain/publication-expiry';
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

/** A v2 penalty decided 2026-05-01; `publishedUntil` null: not published (minor) or recorded before periods were (v1). */
const imposed = (penaltyId: string, publishedUntil: string | null, publishDishonestyRecord = false): LedgerEvent => ({
  type: 'PenaltyImposed',
  schemaVersion: 3,
  data: {
    penaltyId,
    contractId: 'C-1',
    projectId: 'PR-1',
    contractorUscc: CONTRACTOR,
    violationIds: ['V-1'],
    evaluationIds: [],
    rectificationDeadline: null,
    decidedAt: '2026-05-01',
    decisionNumber: '长民罚〔2026〕8号',
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    violationType: ['service_failure'],
    severity: publishedUntil === null ? 'minor' : 'general',
    facts: '未按约定提供服务',
    penaltyCategories: ['warning'],
    content: '警告',
    authority: AUTHORITY,
    dataSource: AUTHORITY,
    terminateContract: false,
    publishDishonestyRecord,
    publicationMonths: publishedUntil === null ? null : 3,
    publishedFrom: publishedUntil === null ? null : '2026-05-01',
    publishedUntil,
  },
});
const revoked = (penaltyId: string): LedgerEvent => ({
  type: 'PenaltyRevoked',
  schemaVersion: 1,
  data: { penaltyId, contractId: 'C-1', contractorUscc: CONTRACTOR, decidedAt: '2026-06-01', reason: '复议撤销' },
});
const repairedOf = (penaltyId: string): LedgerEvent => ({
  type: 'CreditRepaired',
  schemaVersion: 2,
  data: {
    uscc: CONTRACTOR,
    penaltyId,
    penaltyIds: [penaltyId],
    repairedAt: '2026-07-15',
    basis: '信用修复决定书',
    commitment: '信用承诺书',
    obligationsFulfilled: true,
    finePaidOn: null,
  },
});
const registered: LedgerEvent = {
  type: 'ContractorRegistered',
  schemaVersion: 1,
  data: { uscc: CONTRACTOR, name: '长春市阳光社会工作服务中心', kind: 'social_organization' },
};

describe("the end of a penalty's publication without a dishonesty record (pure)", () => {
  const general = penaltyPublicationOf([imposed('P-9', '2026-07-31')]);

  it('is due from the day after publishedUntil, as the same CreditPublicationEnded a record gets', () => {
    expect(general).toEqual({ penaltyId: 'P-9', uscc: CONTRACTOR, publishedUntil: '2026-07-31', revoked: false });
    expect(decidePenaltyExpiry(general, [registered], '2026-07-31')).toBeNull();
    const expected = {
      type: 'CreditPublicationEnded',
      schemaVersion: 1,
      data: { penaltyId: 'P-9', uscc: CONTRACTOR, endedOn: '2026-08-01', reason: 'period_elapsed' },
    };
    expect(decidePenaltyExpiry(general, [registered], '2026-08-01')).toEqual(expected);
    expect(decidePenaltyExpiry(general, [registered], '2027-01-09')).toEqual(expected);
  });

  it('never for a penalty revoked, repaired, already ended, not published, or unknown', () => {
    expect(
      decidePenaltyExpiry(penaltyPublicationOf([imposed('P-9', '2026-07-31'), revoked('P-9')]), [registered], '2026-08-01'),
    ).toBeNull();
    expect(decidePenaltyExpiry(general, [registered, repairedOf('P-9')], '2026-08-01')).toBeNull();
    expect(decidePenaltyExpiry(general, [registered, ended('P-9', '2026-08-01')], '2026-09-01')).toBeNull();
    // Another penalty's end or repair is not this one's.
    expect(decidePenaltyExpiry(general, [registered, ended('P-8', '2026-08-01'), repairedOf('P-7')], '2026-08-01')).not.toBeNull();
    expect(decidePenaltyExpiry(penaltyPublicationOf([imposed('P-10', null)]), [registered], '2099-12-31')).toBeNull();
    expect(penaltyPublicationOf([revoked('P-11')])).toBeUndefined();
    expect(decidePenaltyExpiry(undefined, [registered], '2099-12-31')).toBeNull();
  });

  it("leaves a penalty with a dishonesty record to the record's own end: one event per penalty, not two", () => {
    const serious = penaltyPublicationOf([imposed('P-1', '2027-04-30', true)]);
    const contractor = [registered, published('P-1', '2027-04-30')];
    expect(decidePenaltyExpiry(serious, contractor, '2027-05-01')).toBeNull();
    expect(decideExpiry(publicationsOf(contractor).get('P-1'), '2027-05-01')).not.toBeNull();
  });
});
