import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { startTestApp, TestApp } from '../support/app';
import { registeredProject, uscc } from '../support/lifecycle';

const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

/** The portal's pages over plain HTTP (issue 16): server-rendered, cached like public reads, refusals negotiated. */
function portalHttpSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { FRESHNESS_WAIT_MS: '100' });
    await registeredProject(t);
    // The read models catch up before the pages are read.
    await t.http
      .get('/v1/disclosure/projects')
      .query({ minPosition: await t.store.head() })
      .expect(200);
  });
  afterAll(async () => t.close());

  it('serves / as zh-CN HTML rendered on the server, with ETag, Cache-Control, CSP and a 304 while unchanged', async () => {
    const res = await t.http.get('/').set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(res.text).toContain('南关区困难群众照料护理服务');
    expect(res.headers['cache-control']).toBe('public, max-age=5');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const etag = String(res.headers.etag);
    await t.http.get('/').set('Accept', HTML).set('If-None-Match', etag).expect(304);
  });

  it('refuses an unknown or malformed parameter: an HTML page for a browser, the API problem for any other client', async () => {
    const page = await t.http.get('/').query({ colour: 'red' }).set('Accept', HTML).expect(400);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('VALIDATION_FAILED');
    expect(page.text).toContain('colour');
    const problem = await t.http.get('/').query({ from: '2024-02-30' }).expect(400);
    expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'query.from' }] });
  });

  it('refuses a budget page query the same way: HTML for a browser, problem+json otherwise', async () => {
    for (const path of [
      '/budgets?colour=red',
      '/budgets/220100/2024?colour=red',
      '/budgets/22010x/2024',
      '/budgets?region=1&fiscalYear=2024',
    ]) {
      const problem = await t.http.get(path).expect(400);
      expect({ path, type: problem.headers['content-type'], code: (problem.body as { code: string }).code }).toEqual({
        path,
        type: expect.stringMatching(/^application\/problem\+json/),
        code: 'VALIDATION_FAILED',
      });
      const page = await t.http.get(path).set('Accept', HTML).expect(400);
      expect(page.text).toMatch(/^<!doctype html><html lang="zh-CN">/);
    }
  });

  it('answers a project or contractor that is not disclosed with 404: a page for a browser, the problem otherwise', async () => {
    for (const path of ['/projects/no-such-project', `/contractors/${uscc('91110000MA0000000')}`]) {
      const problem = await t.http.get(path).expect(404);
      expect({ path, code: (problem.body as { code: string }).code }).toEqual({ path, code: 'NOT_FOUND' });
      const page = await t.http.get(path).set('Accept', HTML).expect(404);
      expect(page.text).toMatch(/^<!doctype html><html lang="zh-CN">/);
    }
    const malformed = await t.http.get('/projects/cc-2024-001').query({ colour: 'red' }).expect(400);
    expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'query.colour' }] });
  });

  it('sends the budget form to the region-year page with a documented 303', async () => {
    const res = await t.http.get('/budgets').query({ region: '220100', fiscalYear: '2024' }).expect(303);
    expect(res.headers.location).toBe('/budgets/220100/2024');
    const doc = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/budgets'].get.responses)).toEqual(expect.arrayContaining(['200', '303', '400']));
  });

  it('passes on a freshness timeout as 503 with Retry-After, to browsers and other clients, page and download', async () => {
    const far = { minPosition: '999999999' };
    const problem = await t.http.get('/').query(far).expect(503);
    expect(problem.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(problem.headers['retry-after']).toBe('1');
    const page = await t.http.get('/').query(far).set('Accept', HTML).expect(503);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['retry-after']).toBe('1');
    expect((await t.http.get('/download/projects.csv').query(far).expect(503)).headers['retry-after']).toBe('1');
  });

  it('downloads the list as filtered as a CSV file, and passes a refusal on as the problem', async () => {
    const csv = await t.http.get('/download/projects.csv').query({ region: '220000' }).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="projects.csv"');
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('cc-2024-001');
    expect((await t.http.get('/download/projects.csv').query({ region: '150000' }).expect(200)).text).not.toContain('cc-2024-001');
    const refused = await t.http.get('/download/projects.csv').query({ sort: 'colour' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('serves the style sheet pre-compressed, and the chart style sheet', async () => {
    const css = await t.http.get('/assets/portal.css').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['content-encoding']).toBe('br');
    await t.http.get('/assets/charts.min.css').expect(200);
    await t.http.get('/assets/nothing.css').expect(404);
  });
}

describe('portal over HTTP [sqlite]', () => portalHttpSuite('sqlite'));
describePostgres('portal over HTTP', () => portalHttpSuite('postgres'));
