import { expect } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import { award, contract, CONTRACTOR, expectCreated, fund, OTHER_CONTRACTOR, post, project, tender } from '../support/lifecycle';
import { C, CLOCK, P, P2, SENTINELS, seedPortal } from '../browser/support/portal-seed';
import type { DisclosedContractor } from '../../src/disclosure/queries/contractor-view';

/**
 * Issue 16: GET /v1/disclosure/contractors/:uscc, the public view of a contractor for the portal's contractor page:
 * its registered identity and the disclosed facts of the projects awarded to it, with each penalty's decision number.
 * The seed (the portal's) has an announced contract with payments, evaluations, a penalty and a dishonesty record;
 * a second project of the same contractor is awarded and signed but not announced.
 */
function contractorSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let seeded: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    seeded = (await seedPortal(t)).positions;
    await expectCreated(post(t, '/v1/funds', fund()));
    await expectCreated(post(t, '/v1/projects', project(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(), KEYS.purchaserJilin));
  });
  afterAll(async () => t.close());

  const get = (path: string) => t.http.get(path).set('Accept', 'application/json');

  it('answers anyone with the identity, the projects awarded and the announced contract with its facts', async () => {
    const res = await get(`/v1/disclosure/contractors/${CONTRACTOR}`).expect(200);
    const body = bodyOf<DisclosedContractor>(res);
    expect(body).toMatchObject({ uscc: CONTRACTOR, name: '长春市阳光社会工作服务中心', kind: 'social_organization', region: '220100' });
    // Newest registration first (P on 2024-03-01, cc-2024-001 on 2024-01-15); the second project's contract is signed but not announced, so it is not shown.
    expect(body.awards.map((a) => [a.projectId, a.amount, a.awardedAt])).toEqual([
      [P, 75_000_000, '2024-04-01'],
      ['cc-2024-001', 14_400_000, '2024-03-20'],
    ]);
    expect(body.awardsTotal).toBe(2);
    expect(body.contracts.map((c) => [c.projectId, c.contractId, c.payments.count, c.payments.total])).toEqual([
      [P, C, 2, 75_000_000 / 2 + 1_234_567],
    ]);
    expect(body.contracts[0].announcement.position).toBe(seeded.announcement);
    expect(body.evaluations.map((e) => [e.evaluationId, e.score, e.grade, e.position])).toEqual([
      ['ev-1', 92, 'excellent', seeded.evaluation1],
      ['ev-2', 58, 'fail', seeded.evaluation2],
    ]);
    expect(body.penalties).toEqual([
      expect.objectContaining({ penaltyId: 'pen-1', contractId: C, decisionNumber: '南民罚决字〔2024〕第1号', status: 'imposed' }),
    ]);
    // The decision's entries are committed together: PenaltyImposed first, the command answers with the last.
    expect(body.penalties[0].position).toBeGreaterThan(seeded.violation);
    expect(body.penalties[0].position).toBeLessThanOrEqual(seeded.penalty);
    expect(body.dishonestyRecords).toEqual([
      expect.objectContaining({
        penaltyId: 'pen-1',
        projectId: P,
        decisionNumber: '南民罚决字〔2024〕第1号',
        publishedFrom: '2024-11-01',
        status: 'published',
      }),
    ]);
    expect(body.dishonestyRecords[0].publishedUntil! >= '2025-12-31').toBe(true);
    // Only public fields: no private note, no free text the disclosure view leaves out, no other project.
    const text = JSON.stringify(body);
    for (const s of SENTINELS) expect(text).not.toContain(s);
    expect(text).not.toContain(P2);
    expect(text).not.toContain('承接主体伪造服务记录'); // the penalty's facts: not copied
    expect(Object.keys(body).sort()).toEqual(
      ['uscc', 'name', 'kind', 'region', 'awards', 'awardsTotal', 'contracts', 'evaluations', 'penalties', 'dishonestyRecords'].sort(),
    );
    expect(res.headers['cache-control']).toContain('public');
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('is 404 for a well-formed code that no contractor registered', async () => {
    const res = await get(`/v1/disclosure/contractors/${OTHER_CONTRACTOR}`).expect(404);
    expect(bodyOf<ProblemBody>(res)).toMatchObject({ code: 'NOT_FOUND' });
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('is 400 for a malformed code, naming the parameter', async () => {
    for (const bad of ['12345', `${CONTRACTOR.slice(0, 17)}${CONTRACTOR.endsWith('0') ? '1' : '0'}`, 'I'.repeat(18)]) {
      const res = await get(`/v1/disclosure/contractors/${bad}`).expect(400);
      expect(bodyOf<ProblemBody>(res)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ path: 'params.uscc' })],
      });
    }
  });

  it('refuses a query parameter it does not take, by name, and takes minPosition', async () => {
    const res = await get(`/v1/disclosure/contractors/${CONTRACTOR}?colour=red&minPosition=1`).expect(400);
    expect(bodyOf<ProblemBody>(res)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'query.colour', message: 'is not a parameter of this route (it takes minPosition)' }],
    });
    await get(`/v1/disclosure/contractors/${CONTRACTOR}?minPosition=${seeded.penalty}`).expect(200);
    await get(`/v1/disclosure/contractors/${CONTRACTOR}?minPosition=x`).expect(400);
  });
}

describe('GET /v1/disclosure/contractors/:uscc [sqlite]', () => {
  contractorSuite('sqlite');

  it('is documented as a public read with its fields, and the pages that read it as pages', async () => {
    const t = await startTestApp('sqlite');
    try {
      const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
      const op = doc.paths['/v1/disclosure/contractors/{uscc}'].get!;
      expect(op).toMatchObject({ 'x-public': true, security: [] });
      expect(Object.keys(op.responses).sort()).toEqual(['200', '304', '400', '404', '503']);
      // The portal's pages of one project and one contractor refuse with pages, and say so.
      for (const page of ['/projects/{projectId}', '/contractors/{uscc}']) {
        const responses = doc.paths[page].get!.responses as Record<string, { content: Record<string, unknown> }>;
        for (const status of ['200', '400', '404', '503'])
          expect({ page, status, types: Object.keys(responses[status].content) }).toEqual({
            page,
            status,
            // A browser gets a page with the reasons, any other client the problem (src/portal/views/page.ts sendRefusal).
            types: status === '200' ? ['text/html'] : ['application/problem+json', 'text/html'],
          });
      }
      expect(op.responses['200']).toMatchObject({
        content: { 'application/json': { schema: { required: expect.arrayContaining(['uscc', 'name', 'kind', 'dishonestyRecords']) } } },
      });
    } finally {
      await t.close();
    }
  });
});
describePostgres('GET /v1/disclosure/contractors/:uscc', () => contractorSuite('postgres'));
