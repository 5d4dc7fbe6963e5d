import { startTestApp, TestApp } from '../support/app';

/** Regressions for what `npm run fuzz` (test/fuzz) found in path parameters, query strings and headers. */
describe('fuzz findings [sqlite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('a bad entry position in the path is reported at params.position, not as a query parameter', async () => {
    for (const position of ['0', '-1', 'abc', '1e3', '9999999999999999']) {
      const res = await t.http.get(`/v1/ledger/entries/${position}/proof`).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'params.position', message: 'must be a whole number ≥ 1' }] });
    }
  });
});
