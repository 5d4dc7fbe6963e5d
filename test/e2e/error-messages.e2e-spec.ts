import { expect } from '@jest/globals';
import { SERVICE_CATALOGUE } from '../../src/policy/catalogue';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { CONTRACTOR, contractor, expectCreated, fund, post, project } from '../support/lifecycle';
import { bodyOf, ProblemBody } from '../support/bodies';
import type { CatalogueView } from '../../src/catalogue/queries/catalogue.http.controller';

/** Issue 12 "Errors, the same everywhere": messages that say what to send instead. */
describe('error messages a client can act on [sqlite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await expectCreated(post(t, '/v1/funds', fund()));
  });
  afterAll(async () => t.close());

  it('a missing required field "is required"', async () => {
    const { title: _t, ...body } = project();
    const res = await post(t, '/v1/projects', body, KEYS.purchaserJilin);
    expect(res.status).toBe(400);
    expect(bodyOf<ProblemBody>(res).errors).toEqual([{ path: 'title', message: 'title is required' }]);
  });

  it('a bad credit code names the check character its first 17 characters give', async () => {
    const wrong = `${CONTRACTOR.slice(0, 17)}${CONTRACTOR[17] === 'X' ? 'Y' : 'X'}`;
    const res = await post(t, '/v1/contractors', contractor({ uscc: wrong }));
    expect(res.status).toBe(400);
    expect(bodyOf<ProblemBody>(res).errors).toEqual([
      {
        path: 'uscc',
        message: `uscc must be a unified social credit code: the check character (18th) is ${wrong[17]}, but the first 17 characters give ${CONTRACTOR[17]} (GB 32100-2015)`,
      },
    ]);
    const inPath = await t.http
      .post(`/v1/contractors/${wrong}/credit-repair`)
      .set(bearer(KEYS.admin))
      .send({ repairedAt: '2024-06-01', basis: 'b' })
      .expect(400);
    expect(bodyOf<ProblemBody>(inPath).errors![0]).toEqual({
      path: 'params.uscc',
      message: expect.stringContaining(`the first 17 characters give ${CONTRACTOR[17]}`),
    });
    const lower = await post(t, '/v1/contractors', contractor({ uscc: CONTRACTOR.toLowerCase() }));
    expect(lower.status).toBe(400);
    expect(bodyOf<ProblemBody>(lower).errors![0].message).toContain('is not one of 0123456789ABCDEFGHJKLMNPQRTUWXY');
  });

  it('an unknown catalogue code lists the purchasable codes and points to GET /v1/catalogue', async () => {
    const res = await post(t, '/v1/projects', project({ category: 'service.gardening' }), KEYS.purchaserJilin);
    expect(res.status).toBe(422);
    const problem = bodyOf<ProblemBody>(res);
    expect(problem.code).toBe('CATEGORY_NOT_PURCHASABLE');
    for (const code of Object.keys(SERVICE_CATALOGUE)) expect(problem.detail).toContain(code);
    expect(problem.detail).toContain('GET /v1/catalogue');
  });

  it('GET /v1/catalogue is public: codes, Chinese names, policy source, prohibited codes', async () => {
    const catalogue = bodyOf<CatalogueView>(await t.http.get('/v1/catalogue').expect(200));
    expect(catalogue.purchasable).toHaveLength(Object.keys(SERVICE_CATALOGUE).length);
    expect(catalogue.purchasable).toContainEqual({
      code: 'service.care',
      name: '照料护理',
      kind: 'service',
      kindName: '服务性工作',
      source: expect.stringContaining('000 §三(一)2'),
    });
    expect(catalogue.prohibited.map((p) => p.code)).toContain('prohibited.financing');
    expect(catalogue.paymentPurposes).toContainEqual({ code: 'service_fee', name: '服务费' });
    // Refused where 003 §一(一) applies: the Inner Mongolia pack only.
    expect(catalogue.prohibitedPurposes).toContainEqual({
      code: 'salaries',
      reason: expect.stringContaining('003 §一(一)'),
      policies: ['nm-2023'],
    });
    expect(catalogue.prohibitedPurposes.map((p) => p.code).sort()).toEqual(['construction', 'equipment', 'operating_expenses', 'salaries']);
  });
});
