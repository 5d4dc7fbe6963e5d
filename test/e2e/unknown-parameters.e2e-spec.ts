import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { CONTRACTOR, registeredProject } from '../support/lifecycle';
import { bodyOf } from '../support/bodies';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
}

/**
 * The public disclosure and ledger reads (API.md "Queries") that ignored a query parameter they do not take, each
 * with the parameters it does take (alphabetical in the message): a misspelt one is now a 400 naming it, as on GET /v1/disclosure/projects.
 */
const ROUTES: { path: (head: number) => string; takes: string[]; key?: string }[] = [
  { path: () => '/v1/disclosure/projects/cc-2024-001', takes: ['minPosition'] },
  { path: () => '/v1/disclosure/ocds/records/ocds-ledger-cc-2024-001', takes: ['minPosition'] },
  { path: () => '/v1/disclosure/ocds/releases', takes: ['after', 'limit', 'minPosition'] },
  { path: () => '/v1/disclosure/budgets/220102/2024', takes: ['minPosition'] },
  { path: () => '/v1/disclosure/budgets/220000/2024/children', takes: ['minPosition'] },
  { path: () => `/v1/disclosure/contractors/${CONTRACTOR}`, takes: ['minPosition'] },
  { path: () => '/v1/catalogue', takes: [] },
  { path: () => '/v1/ledger/checkpoint', takes: [] },
  { path: () => '/v1/ledger/checkpoints', takes: ['after', 'limit'] },
  { path: () => '/v1/ledger/key', takes: [] },
  { path: () => '/v1/ledger/entries/3/proof', takes: ['format'] },
  { path: () => '/v1/ledger/policy', takes: [] },
  { path: (head) => `/v1/ledger/proofs/inclusion?position=1&treeSize=${head}`, takes: ['position', 'treeSize'] },
  { path: (head) => `/v1/ledger/proofs/consistency?from=1&to=${head}`, takes: ['from', 'to'] },
  { path: () => '/v1/ledger/events', takes: ['after', 'limit'], key: KEYS.auditor },
];

function unknownParameterSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let head: number;
  beforeAll(async () => {
    t = await startTestApp(kind);
    // Entry 3 is the ProjectRegistered: public, so its proof is served to anyone.
    await registeredProject(t);
    head = await t.store.head();
    // The read models (each caught up on its own) have the project: the routes below answer 200 without a wait.
    await t.http.get('/v1/disclosure/ocds/releases').query({ minPosition: head }).expect(200);
    await t.http.get('/v1/disclosure/budgets/220102/2024').query({ minPosition: head }).expect(200);
    await t.http.get(`/v1/disclosure/contractors/${CONTRACTOR}`).query({ minPosition: head }).expect(200);
  });
  afterAll(async () => t.close());

  const get = (url: string, key?: string) => (key ? t.http.get(url).set(bearer(key)) : t.http.get(url));
  const withParam = (url: string, param: string): string => `${url}${url.includes('?') ? '&' : '?'}${param}`;

  it.each(ROUTES.map((r) => [r.path(0).split('?')[0], r] as const))('%s: an unknown parameter is a 400 naming it', async (_, route) => {
    const url = route.path(head);
    await get(url, route.key).expect(200);
    const res = await get(withParam(url, 'regoin=220000'), route.key).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const message = `is not a parameter of this route (it takes ${route.takes.length > 0 ? route.takes.join(', ') : 'none'})`;
    expect(bodyOf<Problem>(res)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: `query.regoin: ${message}`,
      errors: [{ path: 'query.regoin', message }],
    });
    // Two unknown ones: both named, in the order sent.
    const two = bodyOf<Problem>(await get(withParam(url, 'x=1&y=2'), route.key).expect(400));
    expect(two.errors.map((e) => e.path)).toEqual(['query.x', 'query.y']);
  });

  it('documents the 400 on each of them (OpenAPI), and only the parameters it takes', async () => {
    type Op = { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> };
    const doc = bodyOf<{ paths: Record<string, { get: Op }> }>(await t.http.get('/docs-json').expect(200));
    const documented = (path: string): string =>
      path
        .split('?')[0]
        .replace('cc-2024-001', '{projectId}')
        .replace('ocds-ledger-{projectId}', '{ocid}')
        .replace('220102/2024', '{region}/{fiscalYear}')
        .replace('220000/2024', '{region}/{fiscalYear}')
        .replace(CONTRACTOR, '{uscc}')
        .replace('entries/3', 'entries/{position}');
    for (const route of ROUTES) {
      const op = doc.paths[documented(route.path(0))].get;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect({ route: route.path(0), query: query.sort(), refuses: '400' in op.responses }).toEqual({
        route: route.path(0),
        query: [...route.takes].sort(),
        refuses: true,
      });
    }
  });
}

describe('unknown query parameters on the public reads [sqlite]', () => unknownParameterSuite('sqlite'));
describePostgres('unknown query parameters on the public reads', () => unknownParameterSuite('postgres'));
