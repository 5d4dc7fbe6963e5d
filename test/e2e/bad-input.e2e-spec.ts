import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { award, contract, contractor, CONTRACTOR, OTHER_CONTRACTOR, project, registeredProject, tender } from '../support/lifecycle';
import { bodyOf, ProblemBody } from '../support/bodies';

type Case = { name: string; path: string; body: string | object; status: number; code: string; errorPath?: string; contentType?: string };

const badUscc = `${CONTRACTOR.slice(0, 17)}${CONTRACTOR[17] === '0' ? '1' : '0'}`;

const CASES: Case[] = [
  { name: 'malformed JSON', path: '/v1/projects', body: '{"projectId": "p", ', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'a JSON array instead of an object', path: '/v1/projects', body: '[]', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'an empty body', path: '/v1/projects', body: '', status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'a text/plain body',
    path: '/v1/projects',
    body: 'projectId=p',
    status: 400,
    code: 'VALIDATION_FAILED',
    contentType: 'text/plain',
  },
  {
    name: 'money as a string',
    path: '/v1/projects',
    body: project({ budget: '100' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'budget',
  },
  {
    name: 'negative money',
    path: '/v1/projects',
    body: project({ budget: -1 }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'budget',
  },
  {
    name: 'fractional money',
    path: '/v1/projects',
    body: project({ budget: 100.5 }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'budget',
  },
  {
    name: 'money beyond 2^53',
    path: '/v1/projects',
    body: project({ budget: 1e20 }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'budget',
  },
  {
    name: 'a year as a string',
    path: '/v1/projects',
    body: project({ fiscalYear: '2024' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'fiscalYear',
  },
  {
    name: 'a nested object as a string',
    path: '/v1/projects',
    body: project({ purchaser: 'x' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'purchaser',
  },
  {
    name: 'an unknown field',
    path: '/v1/projects',
    body: project({ approvedBy: 'me' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'approvedBy',
  },
  {
    name: 'an unknown nested field',
    path: '/v1/projects',
    body: project({ purchaser: { code: 'c', name: 'n', extra: 1 } }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'purchaser.extra',
  },
  {
    name: 'a missing field',
    path: '/v1/projects',
    body: { ...project(), title: undefined },
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'title',
  },
  {
    name: 'an id with /',
    path: '/v1/projects',
    body: project({ projectId: 'a/b' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'projectId',
  },
  {
    name: 'an id with ..',
    path: '/v1/projects',
    body: project({ projectId: '..' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'projectId',
  },
  {
    name: 'a path id with /',
    path: '/v1/projects/a%2Fb/tender',
    body: tender(),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'params.projectId',
  },
  {
    name: 'a path id ..',
    path: '/v1/projects/%2E%2E/tender',
    body: tender(),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'params.projectId',
  },
  {
    name: 'a bad credit code checksum',
    path: '/v1/contractors',
    body: contractor({ uscc: badUscc }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'uscc',
  },
  {
    name: 'a lower-case credit code',
    path: '/v1/contractors',
    body: contractor({ uscc: CONTRACTOR.toLowerCase() }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'uscc',
  },
  {
    name: 'a bad credit code in an award',
    path: '/v1/projects/cc-2024-001/award',
    body: award({ contractorUscc: badUscc }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'contractorUscc',
  },
  {
    name: 'a bad credit code in the path',
    path: `/v1/contractors/${badUscc}/credit-repair`,
    body: { repairedAt: '2024-06-01', basis: 'b' },
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'params.uscc',
  },
  {
    name: '2024-02-30',
    path: '/v1/projects/cc-2024-001/tender',
    body: tender({ publishedAt: '2024-02-30' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'publishedAt',
  },
  {
    name: '2023-02-29',
    path: '/v1/projects/cc-2024-001/tender',
    body: tender({ publishedAt: '2023-02-29' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'publishedAt',
  },
  {
    name: 'a date without leading zeros',
    path: '/v1/projects/cc-2024-001/tender',
    body: tender({ publishedAt: '2024-3-1' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'publishedAt',
  },
  {
    name: 'an unknown method',
    path: '/v1/projects/cc-2024-001/tender',
    body: tender({ method: 'lottery' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'method',
  },
  {
    name: 'null for an optional note',
    path: '/v1/projects',
    body: project({ internalNote: null }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'internalNote',
  },
  {
    name: 'null for an optional justification',
    path: '/v1/projects/cc-2024-001/tender',
    body: tender({ singleSourceJustification: null }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'singleSourceJustification',
  },
  { name: 'a 1 MB body', path: '/v1/projects', body: project({ title: 'x'.repeat(1024 * 1024) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  // Issue 11: these were accepted (201) and stored malformed, or answered 500.
  {
    name: 'an empty array for the purchaser',
    path: '/v1/projects',
    body: project({ projectId: 'p-arr', purchaser: [] }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'purchaser',
  },
  {
    name: 'an array holding a purchaser',
    path: '/v1/projects',
    body: project({ projectId: 'p-arr', purchaser: [{ code: 'a', name: 'b' }] }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'purchaser',
  },
  {
    name: 'recipients [[]]',
    path: '/v1/projects',
    body: project({ projectId: 'p-arr', recipients: [[]] }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'recipients',
  },
  {
    name: 'a payment schedule [[]]',
    path: '/v1/projects/cc-2024-001/contracts',
    body: contract({ paymentSchedule: [[]] }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'paymentSchedule',
  },
  {
    name: 'an amount of 1e400',
    path: '/v1/projects',
    body: JSON.stringify(project({ projectId: 'p-inf' })).replace('"budget":15000000', '"budget":1e400'),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'budget',
  },
  {
    name: 'JSON nested 3,000 levels deep',
    path: '/v1/projects',
    body: `{"projectId":${'['.repeat(3000)}${']'.repeat(3000)}}`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'JSON nested 100,000 levels deep',
    path: '/v1/projects',
    body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'JSON nested 33 levels deep in a known field',
    path: '/v1/projects',
    body: project({ projectId: 'p-deep', purchaser: JSON.parse(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`) }),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a lone surrogate in a string',
    path: '/v1/projects',
    body: JSON.stringify(project({ projectId: 'p-sur' })).replace('"title":"', '"title":"\\ud800'),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'title',
  },
  {
    name: 'a lone surrogate in a key',
    path: '/v1/projects',
    body: JSON.stringify(project({ projectId: 'p-sur' })).replace('"title":', '"\\udc00":1,"title":'),
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: 'a __proto__ key',
    path: '/v1/projects',
    body: JSON.stringify(project({ projectId: 'p-proto' })).replace('"title":', '"__proto__":{"x":1},"title":'),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: '__proto__',
  },
  {
    name: 'a title of only spaces',
    path: '/v1/projects',
    body: project({ projectId: 'p-blank', title: '   ' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'title',
  },
  {
    name: 'a title of ideographic spaces',
    path: '/v1/projects',
    body: project({ projectId: 'p-blank', title: '\u3000\u3000' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'title',
  },
  {
    name: 'a blank nested name',
    path: '/v1/projects',
    body: project({ projectId: 'p-blank', purchaser: { code: '220102000000', name: ' \t ' } }),
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'purchaser.name',
  },
  {
    name: 'a blank violation description',
    path: '/v1/contracts/cc-2024-001-c1/violations',
    body: { violationId: 'v-1', kind: 'breach', severity: 'minor', occurredAt: '2024-07-01', description: '  ' },
    status: 400,
    code: 'VALIDATION_FAILED',
    errorPath: 'description',
  },
];

function badInputSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await registeredProject(t, { projectId: 'cc-2024-001' });
  });
  afterAll(async () => t.close());

  it.each(CASES)('refuses $name with $status $code and appends nothing', async ({ path, body, status, code, errorPath, contentType }) => {
    const head = await t.store.head();
    const req = t.http
      .post(path)
      .set(bearer(KEYS.admin))
      .set('Content-Type', contentType ?? 'application/json');
    const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, code, detail: expect.any(String) });
    if (errorPath) expect(bodyOf<ProblemBody>(res).errors!.map((e) => e.path)).toContain(errorPath);
    expect(await t.store.head()).toBe(head);
  });

  it('records required text trimmed', async () => {
    const res = await t.http
      .post('/v1/contractors')
      .set(bearer(KEYS.admin))
      .send(contractor({ uscc: OTHER_CONTRACTOR, name: '\u3000 呼和浩特市社工中心 \n' }));
    expect(res.status).toBe(201);
    const [entry] = await t.store.readStream(`contractor-${OTHER_CONTRACTOR}`);
    expect(entry.data.name).toBe('呼和浩特市社工中心');
  });
}

describe('bad input [sqlite]', () => badInputSuite('sqlite'));
describePostgres('bad input', () => badInputSuite('postgres'));
