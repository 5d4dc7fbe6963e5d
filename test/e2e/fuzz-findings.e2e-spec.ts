import { expect } from '@jest/globals';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { award, contract, registeredProject, tender } from '../support/lifecycle';
import { bodyOf, ProblemBody } from '../support/bodies';

/** Regressions for what `npm run fuzz` (test/fuzz) found in path parameters, query strings and headers. */
describe('fuzz findings [sqlite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('a business date before every policy pack is 422 DATE_OUT_OF_ORDER (it was a 500), and an unknown project 404, appending nothing', async () => {
    await registeredProject(t, { projectId: 'fz-1' });
    const head = await t.store.head();
    const tooEarly = await t.http
      .post('/v1/projects/fz-1/tender')
      .set(bearer(KEYS.admin))
      .send(tender({ publishedAt: '2012-11-13' }));
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body).toMatchObject({ code: 'DATE_OUT_OF_ORDER', detail: expect.stringContaining('2012-11-14') });
    for (const [path, body] of [
      ['/v1/projects/NOPE/award', award({ awardedAt: '2000-01-01' })],
      ['/v1/projects/NOPE/contracts', contract({ signedAt: '2000-01-01' })],
      ['/v1/projects/NOPE/tender', tender({ publishedAt: '2000-01-01' })],
    ] as const) {
      const res = await t.http.post(path).set(bearer(KEYS.admin)).send(body);
      expect({ path, status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
    expect(await t.store.head()).toBe(head);
  });

  it('a bad entry position in the path is reported at params.position, not as a query parameter', async () => {
    for (const position of ['0', '-1', 'abc', '1e3', '9999999999999999']) {
      const res = await t.http.get(`/v1/ledger/entries/${position}/proof`).expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ path: 'params.position', message: 'must be a whole number ≥ 1' }],
      });
    }
  });

  it('a method a known path does not serve is 405 METHOD_NOT_ALLOWED_HTTP with Allow, and appends nothing', async () => {
    const head = await t.store.head();
    const cases: [string, string, string][] = [
      ['delete', '/v1/funds', 'POST'],
      ['put', '/v1/projects/P-1', 'GET, HEAD'],
      ['patch', '/v1/contracts/C-1/payments', 'POST'],
      ['post', '/health', 'GET, HEAD'],
      ['delete', '/v1/ledger/entries/1/proof', 'GET, HEAD, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await t.http[method as 'delete'](path).set(bearer(KEYS.admin)).expect(405);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers.allow.split(', ').sort()).toEqual(allow.split(', ').sort());
      expect(res.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED_HTTP', title: 'Method not allowed' });
    }
    expect(await t.store.head()).toBe(head);
  });

  it('unknown paths, and a served method on a path it does not match, stay 404 NOT_FOUND', async () => {
    for (const path of ['/v1/nothing-here', '/v1/projects/P-1/nothing', '/health/']) {
      const res = await t.http.get(path).expect(404);
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    await t.http.delete('/v1/nothing-here').expect(404);
  });
});
