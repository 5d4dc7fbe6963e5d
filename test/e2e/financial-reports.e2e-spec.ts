import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { contractor, CONTRACTOR, expectCreated, financialReport, OTHER_CONTRACTOR, post, signedContract, uscc } from '../support/lifecycle';
import { bodyOf, type CommandResponse, type Page, type ProblemBody } from '../support/bodies';

/**
 * Issue 15 item 14: a contractor's audited annual financial report (000 §四(四)2, 002 §四(三)), filed by a
 * purchaser, shown in the credit record and the contractors list, and the MISSING_FINANCIAL_REPORT finding.
 */
const REPORTS = (u: string): string => `/v1/contractors/${u}/financial-reports`;
const BUYER = KEYS.purchaserChangchun;
/** The contract of signedContract: 220102 / 2024, in force 2024-04-01 … 2025-03-31. */
const C = 'cc-2024-001-c1';
const UNREGISTERED = uscc('52220100MJ0000099');

interface Report {
  readonly year: number;
  readonly auditFirm: string;
  readonly reportNumber: string;
  readonly auditedOn: string;
  readonly position: number;
}
interface Finding {
  readonly code: string;
  readonly contractId?: string;
  readonly uscc?: string;
  readonly positions: number[];
  readonly detail: string;
}

function financialReportsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let now = new Date('2024-03-25T02:00:00Z'); // the signing day: every business date of signedContract is then past
  let signedPosition: number;
  const at = (date: string): void => {
    now = new Date(`${date}T02:00:00Z`);
  };

  beforeAll(async () => {
    t = await startTestApp(kind, {}, () => now);
    await signedContract(t);
    signedPosition = (await t.store.readAll(0, 100)).find((e) => e.type === 'ContractSigned')!.position;
    // A contractor without any contract.
    await expectCreated(post(t, '/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR, name: '呼和浩特市草原服务中心' }), BUYER));
    at('2025-02-10'); // the contract is active; the last closed year is 2024
  });
  afterAll(async () => t.close());

  const findings = async (region = '220102', fiscalYear = 2024): Promise<Finding[]> => {
    const res = await t.http
      .get('/v1/audit/findings')
      .query({ region, fiscalYear, minPosition: await t.store.head() })
      .set(bearer(KEYS.auditor))
      .expect(200);
    return bodyOf<{ items: Finding[] }>(res).items.filter((f) => f.code === 'MISSING_FINANCIAL_REPORT');
  };
  const creditRecord = async (u: string): Promise<Report[]> => {
    const res = await t.http
      .get(`/v1/credit/contractors/${u}`)
      .query({ minPosition: await t.store.head() })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    return bodyOf<{ financialReports: Report[] }>(res).financialReports;
  };
  const listed = async (u: string): Promise<Report[]> => {
    const res = await t.http
      .get('/v1/contractors')
      .query({ q: u, minPosition: await t.store.head() })
      .set(bearer(KEYS.auditor))
      .expect(200);
    const items = bodyOf<Page<{ uscc: string; financialReports: Report[] }>>(res).items;
    expect(items.map((i) => i.uscc)).toEqual([u]);
    return items[0].financialReports;
  };
  /** The refusal: its status and code, and the ledger head unchanged. */
  const refused = async (request: Promise<Response>, status: number, code: string): Promise<ProblemBody> => {
    const head = await t.store.head();
    const res = await request;
    expect([res.status, bodyOf<ProblemBody>(res).code]).toEqual([status, code]);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await t.store.head()).toBe(head);
    return bodyOf<ProblemBody>(res);
  };

  it('MISSING_FINANCIAL_REPORT before the report: the contractor with an active contract, not the one without', async () => {
    expect(await findings()).toEqual([
      {
        code: 'MISSING_FINANCIAL_REPORT',
        contractId: C,
        uscc: CONTRACTOR,
        positions: [signedPosition],
        detail: `contractor ${CONTRACTOR} has an active contract (${C}) and no audited financial report for 2024`,
      },
    ]);
    // The finding belongs to the region-year of the active contract's project, as the contract findings do.
    expect(await findings('220102', 2025)).toEqual([]);
    expect(await findings('220100', 2024)).toEqual([]);
  });

  it('refuses, appending nothing: unknown contractor, a year not closed before the audit, an audit dated after today, a bad year, a role without commands', async () => {
    await refused(post(t, REPORTS(UNREGISTERED), financialReport(), BUYER), 404, 'NOT_FOUND');
    const sameYear = await refused(
      post(t, REPORTS(CONTRACTOR), financialReport({ year: 2024, auditedOn: '2024-12-31' }), BUYER),
      422,
      'DATE_OUT_OF_ORDER',
    );
    expect(sameYear.detail).toContain('000 §四(四)2, 002 §四(三)');
    await refused(post(t, REPORTS(CONTRACTOR), financialReport({ year: 2025, auditedOn: '2025-01-20' }), BUYER), 422, 'DATE_OUT_OF_ORDER');
    // Today is 2025-02-10 in China Standard Time.
    const future = await refused(
      post(t, REPORTS(CONTRACTOR), financialReport({ year: 2024, auditedOn: '2025-02-12' }), BUYER),
      422,
      'DATE_OUT_OF_ORDER',
    );
    expect(future.detail).toContain('today is 2025-02-10');
    await refused(post(t, REPORTS(CONTRACTOR), financialReport({ year: 1999, auditedOn: '2000-04-01' }), BUYER), 400, 'VALIDATION_FAILED');
    await refused(post(t, REPORTS(CONTRACTOR), financialReport({ auditedOn: '2025-02-30' }), BUYER), 400, 'VALIDATION_FAILED');
    await refused(post(t, REPORTS('52220100MJ0000009X'), financialReport(), BUYER), 400, 'VALIDATION_FAILED');
    await refused(post(t, REPORTS(CONTRACTOR), financialReport(), KEYS.auditor), 403, 'FORBIDDEN');
    await refused(post(t, REPORTS(CONTRACTOR), financialReport(), KEYS.creditPlatform), 403, 'FORBIDDEN');
  });

  it('files the 2024 report (a purchaser of another region may: the contractor is not bound to one), with If-Match and Idempotency-Key', async () => {
    const body = financialReport({ year: 2024, auditedOn: '2025-01-20', internalNote: '原件已核' });
    await refused(post(t, REPORTS(CONTRACTOR), body, BUYER, { 'If-Match': '2' }), 409, 'CONCURRENCY_CONFLICT');
    const res = await expectCreated(
      post(t, REPORTS(CONTRACTOR), body, KEYS.purchaserInnerMongolia, { 'If-Match': '1', 'Idempotency-Key': 'fr-1' }),
    );
    const created = bodyOf<CommandResponse>(res);
    expect(created).toEqual({
      streamId: `contractor-${CONTRACTOR}`,
      version: 2,
      position: await t.store.head(),
      eventIds: [expect.any(String)],
    });
    const again = await post(t, REPORTS(CONTRACTOR), body, KEYS.purchaserInnerMongolia, { 'Idempotency-Key': 'fr-1' });
    expect([again.status, again.body]).toEqual([201, created]);
    await refused(
      post(t, REPORTS(CONTRACTOR), { ...body, reportNumber: 'other' }, KEYS.purchaserInnerMongolia, { 'Idempotency-Key': 'fr-1' }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    const [entry] = await t.store.readAll(created.position - 1, 1);
    expect([entry.type, entry.data]).toEqual([
      'FinancialReportFiled',
      { uscc: CONTRACTOR, year: 2024, auditFirm: body.auditFirm, reportNumber: body.reportNumber, auditedOn: '2025-01-20' },
    ]);

    const shown = [
      { year: 2024, auditFirm: body.auditFirm, reportNumber: body.reportNumber, auditedOn: '2025-01-20', position: created.position },
    ];
    expect(await creditRecord(CONTRACTOR)).toEqual(shown);
    expect(await listed(CONTRACTOR)).toEqual(shown);
    expect(await creditRecord(OTHER_CONTRACTOR)).toEqual([]);
    expect(await listed(OTHER_CONTRACTOR)).toEqual([]);
  });

  it('a second report for the same year is 409 ALREADY_EXISTS (a filed report is never replaced); the finding is gone', async () => {
    await refused(
      post(
        t,
        REPORTS(CONTRACTOR),
        financialReport({ year: 2024, auditedOn: '2025-02-01', reportNumber: '吉正会审字〔2025〕第0200号' }),
        BUYER,
      ),
      409,
      'ALREADY_EXISTS',
    );
    expect(await findings()).toEqual([]);
  });

  it('no finding for a contractor whose contract is no longer active, even without a report for the last closed year', async () => {
    at('2026-01-05'); // last closed year 2025; the contract ended 2025-03-31
    expect(await findings()).toEqual([]);
  });
}

describe('contractor financial reports [sqlite]', () => financialReportsSuite('sqlite'));
describePostgres('contractor financial reports', () => financialReportsSuite('postgres'));
