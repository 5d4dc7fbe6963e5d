import Ajv from 'ajv';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { startTestApp, TestApp, KEYS } from '../support/app';

/** The OpenAPI document describes the refusals of API.md "Errors" for every route, as the service gives them. */
describe('OpenAPI document at /docs-json [sqlite]', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  const operations = (): [string, string, OperationObject][] =>
    Object.entries(doc.paths).flatMap(([path, item]) => (['get', 'post'] as const).filter((m) => item[m]).map((m): [string, string, OperationObject] => [path, m, item[m]!]));

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    doc = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(async () => t.close());

  it('documents every refusal an operation can give as application/problem+json with the Problem schema', () => {
    expect(doc.components?.schemas?.Problem).toMatchObject({ required: ['type', 'title', 'status', 'detail', 'code'] });
    for (const [path, method, op] of operations()) {
      const statuses = Object.keys(op.responses);
      const expected = [
        ...(op.security ? ['401', '403'] : []),
        ...(path.includes('{') ? ['404'] : []),
        ...(method === 'post' ? ['400', '409', '413', '422', '503'] : []),
        ...((op.parameters ?? []).some((p) => (p as ParameterObject).name === 'minPosition') ? ['400', '503'] : []),
      ];
      expect({ route: `${method} ${path}`, statuses }).toEqual({ route: `${method} ${path}`, statuses: expect.arrayContaining(expected) });
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect((op.responses[status] as ResponseObject).content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      }
    }
  });

  it('documents command responses and the headers every command accepts', () => {
    const commands = operations().filter(([, method]) => method === 'post');
    expect(commands.length).toBeGreaterThanOrEqual(14);
    for (const [, , op] of commands) {
      expect((op.responses['201'] as ResponseObject).content?.['application/json'].schema).toEqual({ $ref: '#/components/schemas/CommandResponse' });
      expect((op.parameters as ParameterObject[]).filter((p) => p.in === 'header').map((p) => p.name)).toEqual(['Idempotency-Key', 'If-Match', 'X-Correlation-Id']);
    }
  });

  it('describes request bodies with the rules their DTOs validate, unknown fields refused', () => {
    const schemas = doc.components!.schemas!;
    expect(schemas.RegisterProjectRequest).toMatchObject({
      additionalProperties: false,
      properties: {
        projectId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
        region: { type: 'string', pattern: '^[1-9][0-9]{5}$' },
        fiscalYear: { type: 'integer', minimum: 2000, maximum: 2100 },
        budget: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        title: { type: 'string', minLength: 1, maxLength: 500 },
        recipients: { type: 'array', maxItems: 10_000, items: { $ref: '#/components/schemas/RecipientDto' } },
      },
    });
    expect(schemas.PurchaserDto).toMatchObject({ additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 64 } } });
    expect(schemas.ImposePenaltyRequest).toMatchObject({
      properties: {
        violationIds: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } },
        decidedAt: { type: 'string', format: 'date' },
      },
    });
    expect(schemas.RecordEvaluationRequest).toMatchObject({ properties: { evaluator: { enum: ['purchaser', 'service_recipients', 'third_party'] }, score: { minimum: 0, maximum: 100 } } });
  });

  it('describes path parameters as the service checks them', () => {
    const param = (path: string, name: string): ParameterObject => ((doc.paths[path].get?.parameters ?? []) as ParameterObject[]).find((p) => p.name === name)!;
    expect(param('/v1/projects/{projectId}', 'projectId').schema).toEqual({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
    expect(param('/v1/budgets/{region}/{fiscalYear}', 'fiscalYear').schema).toEqual({ type: 'integer', minimum: 2000, maximum: 2100 });
    expect(param('/v1/ledger/entries/{position}/proof', 'position').schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(param('/v1/credit/contractors/{uscc}', 'uscc').schema).toMatchObject({ pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' });
  });

  it('documents the required query parameters of the proof routes', () => {
    const names = (path: string): string[] => ((doc.paths[path].get?.parameters ?? []) as ParameterObject[]).filter((p) => p.required).map((p) => p.name).sort();
    expect(names('/v1/ledger/proofs/inclusion')).toEqual(['position', 'treeSize']);
    expect(names('/v1/ledger/proofs/consistency')).toEqual(['from', 'to']);
  });

  it('refusals the service actually gives match the documented Problem schema', async () => {
    const ajv = new Ajv({ strict: false });
    const problem = ajv.compile(doc.components!.schemas!.Problem as object);
    const refusals = await Promise.all([
      t.http.post('/v1/funds').send({ region: 'x' }),
      t.http.post('/v1/funds').set('Authorization', `Bearer ${KEYS.admin}`).send({ region: 'x' }),
      t.http.get('/v1/contracts/none').set('Authorization', `Bearer ${KEYS.auditor}`),
      t.http.post('/v1/funds').set('Authorization', `Bearer ${KEYS.auditor}`).send({}),
      t.http.get('/v1/ledger/proofs/inclusion?position=1'),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([401, 400, 404, 403, 400]);
    for (const r of refusals) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect({ body: r.body, valid: problem(r.body) }).toEqual({ body: r.body, valid: true });
    }
  });
});
