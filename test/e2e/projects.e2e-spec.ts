import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import {
  APPROVAL,
  award,
  contract,
  contractor,
  CONTRACTOR,
  ELIGIBILITY,
  expectCreated,
  fund,
  FUND_BASE,
  OTHER_CONTRACTOR,
  post,
  project,
  PUBLIC_NOTICE,
  registeredProject,
  tender,
} from '../support/lifecycle';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';
import type { OpenAPIObject } from '@nestjs/swagger';

function projectsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => t.close());

  /** Posts, expects a refusal, and checks that the ledger did not move. */
  async function refused(
    path: string,
    body: unknown,
    status: number,
    code: string,
    key: string = KEYS.purchaserJilin,
  ): Promise<{ detail: string }> {
    const head = await t.store.head();
    const res = await post(t, path, body, key);
    expect({ status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await t.store.head()).toBe(head);
    return bodyOf<ProblemBody>(res);
  }

  describe('contractors', () => {
    it('registers a contractor once, with a valid credit code', async () => {
      const res = await expectCreated(post(t, '/v1/contractors', contractor(), KEYS.purchaserChangchun));
      expect(res.body).toMatchObject({ streamId: `contractor-${CONTRACTOR}`, version: 1 });
      await refused('/v1/contractors', contractor(), 409, 'ALREADY_EXISTS');
      await refused(
        '/v1/contractors',
        contractor({ uscc: `${CONTRACTOR.slice(0, 17)}${CONTRACTOR[17] === '0' ? '1' : '0'}` }),
        400,
        'VALIDATION_FAILED',
      );
      await refused('/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR, kind: 'individual' }), 400, 'VALIDATION_FAILED');
      await refused('/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR }), 403, 'FORBIDDEN', KEYS.auditor);
    });

    it('lets a purchaser register a contractor from another region (it may bid there), and says so in the OpenAPI document', async () => {
      const res = await expectCreated(
        post(t, '/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR, region: '150000' }), KEYS.purchaserJilin),
      );
      expect(res.body).toMatchObject({ streamId: `contractor-${OTHER_CONTRACTOR}`, version: 1 });
      const [entry] = await t.store.readAll(bodyOf<CommandResponse>(res).position - 1, 1);
      expect(entry).toMatchObject({
        type: 'ContractorRegistered',
        data: { uscc: OTHER_CONTRACTOR, region: '150000' },
        metadata: { role: 'purchaser' },
      });
      const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
      expect(doc.paths['/v1/contractors'].post!.description).toMatch(/any region/);
    });
  });

  describe('project registration and the 2% cap', () => {
    beforeEach(async () => {
      await expectCreated(post(t, '/v1/funds', fund()));
    });

    it('reserves exactly 2% of the fund base, and refuses one fen more with the figures', async () => {
      const cap = FUND_BASE * 0.02;
      await expectCreated(post(t, '/v1/projects', project({ projectId: 'p1', budget: cap - 100 }), KEYS.purchaserJilin));
      const body = await refused('/v1/projects', project({ projectId: 'p2', budget: 101 }), 422, 'BUDGET_CAP_EXCEEDED');
      expect(body.detail).toContain('200,000.00');
      const res = await expectCreated(post(t, '/v1/projects', project({ projectId: 'p2', budget: 100 }), KEYS.purchaserJilin));
      expect(res.body).toMatchObject({ streamId: 'project-p2', version: 1 });
      const entries = await t.store.readAll(0, 100);
      expect(entries.slice(-2).map((e) => [e.type, e.streamId])).toEqual([
        ['ProjectRegistered', 'project-p2'],
        ['BudgetReserved', 'budget-220102-2024'],
      ]);
    });

    it("refuses a region-year without funds, a prohibited category, a duplicate id and another region's purchaser", async () => {
      await refused('/v1/projects', project({ fiscalYear: 2025 }), 422, 'NO_FUND_BASE');
      await refused('/v1/projects', project({ category: 'prohibited.staffing' }), 422, 'CATEGORY_NOT_PURCHASABLE');
      await refused('/v1/projects', project({ region: '150102' }), 403, 'FORBIDDEN', KEYS.purchaserJilin);
      await refused('/v1/projects', project({ region: '220202' }), 403, 'FORBIDDEN', KEYS.purchaserChangchun);
      await expectCreated(post(t, '/v1/projects', project(), KEYS.purchaserChangchun));
      await refused('/v1/projects', project(), 409, 'ALREADY_EXISTS');
    });

    it("keeps service recipients and notes private: in the entry's private part, never in its data", async () => {
      const recipients = [{ name: '王秀兰', idNumber: '220102195003041234', needs: '失能老人，需要每日照料' }];
      await expectCreated(post(t, '/v1/projects', project({ recipients, internalNote: 'NOTE-SENTINEL' }), KEYS.purchaserJilin));
      const registered = (await t.store.readAll(0, 100)).find((e) => e.type === 'ProjectRegistered')!;
      expect(registered.private).toEqual({ recipients, internalNote: 'NOTE-SENTINEL' });
      expect(JSON.stringify(registered.data)).not.toMatch(/王秀兰|220102195003041234|NOTE-SENTINEL/);
      expect(registered.privateDigest).toBeDefined();
    });

    it('lets exactly as many concurrent registrations through as the cap fits', async () => {
      // 20 registrations of 2,000,000 fen against a cap of 20,000,000 fen: 10 fit.
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post(t, '/v1/projects', project({ projectId: `race-${i}`, budget: 2_000_000 }), KEYS.purchaserJilin),
        ),
      );
      const statuses = results.map((r) => (r.status === 201 ? 'ok' : bodyOf<ProblemBody>(r).code));
      expect(statuses.filter((s) => s === 'ok')).toHaveLength(10);
      expect(statuses.filter((s) => s === 'BUDGET_CAP_EXCEEDED')).toHaveLength(10);
      const reserved = (await t.store.readStream('budget-220102-2024')).reduce((sum, e) => sum + Number(e.data.amount), 0);
      expect(reserved).toBe(20_000_000);
    });
  });

  describe("Inner Mongolia: previous year's funds and procurement methods", () => {
    it('judges the cap against the previous year, and public tender only from 4,000,000 CNY', async () => {
      await expectCreated(post(t, '/v1/funds', fund({ region: '150102', fiscalYear: 2023, amount: 100_000_000_000 })));
      await refused(
        '/v1/projects',
        project({ projectId: 'im-0', region: '150102', fiscalYear: 2023 }),
        422,
        'NO_FUND_BASE',
        KEYS.purchaserInnerMongolia,
      );
      await expectCreated(
        post(t, '/v1/projects', project({ projectId: 'im-1', region: '150102', budget: 400_000_000 }), KEYS.purchaserInnerMongolia),
      );
      await expectCreated(
        post(t, '/v1/projects', project({ projectId: 'im-2', region: '150102', budget: 399_999_999 }), KEYS.purchaserInnerMongolia),
      );
      await expectCreated(
        post(t, '/v1/projects/im-1/tender', tender({ method: 'public_tender', priceCeiling: 400_000_000 }), KEYS.purchaserInnerMongolia),
      );
      const below = await refused(
        '/v1/projects/im-2/tender',
        tender({ method: 'public_tender' }),
        422,
        'METHOD_NOT_ALLOWED',
        KEYS.purchaserInnerMongolia,
      );
      expect(below.detail).toContain('4,000,000.00');
    });
  });

  describe('tender, award and contract', () => {
    beforeEach(async () => registeredProject(t));

    it('runs tender → award → contract, appending to the project and the new contract stream', async () => {
      await refused('/v1/projects/cc-2024-001/award', award(), 422, 'INVALID_STATE');
      await refused('/v1/projects/cc-2024-001/tender', tender({ method: 'single_source' }), 422, 'METHOD_NOT_ALLOWED');
      await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
      await refused('/v1/projects/cc-2024-001/tender', tender(), 422, 'INVALID_STATE');
      await refused('/v1/projects/cc-2024-001/award', award({ contractorUscc: OTHER_CONTRACTOR }), 422, 'CONTRACTOR_NOT_ELIGIBLE');
      await refused('/v1/projects/cc-2024-001/award', award({ amount: 15_000_001 }), 422, 'AWARD_EXCEEDS_BUDGET');
      await refused('/v1/projects/cc-2024-001/award', award(), 403, 'FORBIDDEN', KEYS.purchaserInnerMongolia);
      await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
      await refused('/v1/projects/cc-2024-001/contracts', contract({ amount: 14_400_001 }), 422, 'CONTRACT_MISMATCH');
      await refused('/v1/projects/cc-2024-001/contracts', contract({ endDate: '2025-04-01' }), 422, 'CONTRACT_TERM_TOO_LONG');
      const signed = await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(), KEYS.purchaserJilin));
      expect(signed.body).toMatchObject({ streamId: 'contract-cc-2024-001-c1', version: 1 });
      const last = (await t.store.readAll(0, 100)).slice(-2);
      expect(last.map((e) => [e.type, e.streamId])).toEqual([
        ['ContractSigned', 'contract-cc-2024-001-c1'],
        ['ProjectContracted', 'project-cc-2024-001'],
      ]);
      await refused('/v1/projects/cc-2024-001/contracts', contract({ contractId: 'c2' }), 422, 'INVALID_STATE');
    });

    it('single source without approval or notice is refused (APPROVAL_REQUIRED, 004 §三(四)), then recorded with both and its evaluation standards', async () => {
      const single = { method: 'single_source', singleSourceJustification: '唯一具备资质的机构' };
      const noApproval = await refused(
        '/v1/projects/cc-2024-001/tender',
        tender({ ...single, publicNotice: PUBLIC_NOTICE }),
        422,
        'APPROVAL_REQUIRED',
      );
      expect(noApproval.detail).toContain('004 §三(四)');
      await refused('/v1/projects/cc-2024-001/tender', tender({ ...single, approval: APPROVAL }), 422, 'APPROVAL_REQUIRED');
      await refused(
        '/v1/projects/cc-2024-001/tender',
        tender({ method: 'invited_tender', approval: { ...APPROVAL, approvedOn: '2024-03-02' } }),
        422,
        'DATE_OUT_OF_ORDER',
      );
      await refused('/v1/projects/cc-2024-001/tender', tender({ evaluationStandards: undefined }), 400, 'VALIDATION_FAILED');
      await expectCreated(
        post(
          t,
          '/v1/projects/cc-2024-001/tender',
          tender({ ...single, approval: APPROVAL, publicNotice: PUBLIC_NOTICE }),
          KEYS.purchaserJilin,
        ),
      );
      const [tendered] = (await t.store.readStream('project-cc-2024-001')).slice(-1);
      expect(tendered).toMatchObject({
        type: 'TenderPublished',
        schemaVersion: 2,
        data: { evaluationStandards: tender().evaluationStandards, approval: APPROVAL, publicNotice: PUBLIC_NOTICE },
      });
    });

    it('refuses lowest_price and an award without evidence of each contractor condition; records both (000 §四(三), §二(二))', async () => {
      await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
      const path = '/v1/projects/cc-2024-001/award';
      const price = await refused(path, award({ evaluationMethod: 'lowest_price' }), 422, 'LOWEST_PRICE_ONLY');
      expect(price.detail).toContain('000 §四(三)');
      const { noMajorViolations: _left, ...four } = ELIGIBILITY;
      const unmet = await refused(path, award({ eligibility: four }), 422, 'CONTRACTOR_CONDITIONS_UNMET');
      expect(unmet.detail).toContain('eligibility.noMajorViolations');
      await refused(path, award({ eligibility: { ...ELIGIBILITY, governance: { documentRef: '   ' } } }), 400, 'VALIDATION_FAILED');
      await refused(path, award({ eligibility: { ...ELIGIBILITY, governance: null } }), 400, 'VALIDATION_FAILED');
      await refused(
        path,
        award({ eligibility: { ...ELIGIBILITY, governance: { documentRef: 'x', note: 'y' } } }),
        400,
        'VALIDATION_FAILED',
      );
      await refused(path, award({ eligibility: undefined }), 400, 'VALIDATION_FAILED');
      await refused(path, award({ evaluationMethod: 'best_value' }), 400, 'VALIDATION_FAILED');
      await expectCreated(post(t, path, award(), KEYS.purchaserJilin));
      const [awarded] = (await t.store.readAll(0, 100)).slice(-1);
      expect(awarded).toMatchObject({ type: 'ContractorAwarded', schemaVersion: 2 });
      expect(awarded.data).toMatchObject({ evaluationMethod: 'comprehensive_scoring', eligibility: ELIGIBILITY });
    });

    it('answers 404 for an unknown project and 400 for ids with / or ..', async () => {
      await refused('/v1/projects/nope/tender', tender(), 404, 'NOT_FOUND');
      await refused('/v1/projects/a%2Fb/tender', tender(), 400, 'VALIDATION_FAILED');
      await refused('/v1/projects/%2E%2E/tender', tender(), 400, 'VALIDATION_FAILED');
      await refused('/v1/projects', project({ projectId: '../etc' }), 400, 'VALIDATION_FAILED');
      await refused('/v1/projects', project({ projectId: 'a/b' }), 400, 'VALIDATION_FAILED');
    });
  });
}

describe('projects and contractors [sqlite]', () => projectsSuite('sqlite'));
describePostgres('projects and contractors', () => projectsSuite('postgres'));
