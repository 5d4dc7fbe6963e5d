import { SERVICE_CATALOGUE } from '../../src/policy/catalogue';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { CONTRACTOR, contractor, expectCreated, fund, post, project } from '../support/lifecycle';

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
    expect(res.body.errors).toEqual([{ path: 'title', message: 'title is required' }]);
  });

  it('a bad credit code names the check character its first 17 characters give', async () => {
    const wrong = `${CONTRACTOR.slice(0, 17)}${CONTRACTOR[17] === 'X' ? 'Y' : 'X'}`;
    const res = await post(t, '/v1/contractors', contractor({ uscc: wrong }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
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
    expect(inPath.body.errors[0]).toEqual({
      path: 'params.uscc',
      message: expect.stringContaining(`the first 17 characters give ${CONTRACTOR[17]}`),
    });
    const lower = await post(t, '/v1/contractors', contractor({ uscc: CONTRACTOR.toLowerCase() }));
    expect(lower.status).toBe(400);
    expect(lower.body.errors[0].message).toContain('is not one of 0123456789ABCDEFGHJKLMNPQRTUWXY');
  });

  it('an unknown catalogue code lists the purchasable codes and points to GET /v1/catalogue', async () => {
    const res = await post(t, '/v1/projects', project({ category: 'service.gardening' }), KEYS.purchaserJilin);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CATEGORY_NOT_PURCHASABLE');
    for (const code of Object.keys(SERVICE_CATALOGUE)) expect(res.body.detail).toContain(code);
    expect(res.body.detail).toContain('GET /v1/catalogue');
  });

  it('GET /v1/catalogue is public: codes, Chinese names, policy source, prohibited codes', async () => {
    const res = await t.http.get('/v1/catalogue').expect(200);
    expect(res.body.purchasable).toHaveLength(Object.keys(SERVICE_CATALOGUE).length);
    expect(res.body.purchasable).toContainEqual({
      code: 'service.care',
      name: '照料护理',
      kind: 'service',
      kindName: '服务性工作',
      source: expect.stringContaining('000 §三(一)2'),
    });
    expect(res.body.prohibited.map((p: { code: string }) => p.code)).toContain('prohibited.financing');
    expect(res.body.prohibitedPurposes.map((p: { code: string }) => p.code)).toContain('salaries');
  });
});
