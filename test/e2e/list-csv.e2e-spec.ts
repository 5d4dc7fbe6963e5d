import { expect } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Test } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { contractor, expectCreated, post } from '../support/lifecycle';
import { uscc } from '../support/uscc';
import { bodyOf } from '../support/bodies';
import { CLOCK, seedPortal } from '../browser/support/portal-seed';

/** Private data the seed records (a project's recipients and notes): in the ledger, in no CSV. */
const SENTINELS = ['SENTINEL-NAME-李', 'SENTINEL-ID-220102', 'SENTINEL-NEEDS', 'SENTINEL-NOTE'];
/** A contractor name a spreadsheet would run as a formula if written as is. */
const FORMULA = '=HYPERLINK("https://evil.example/","点击")';
const FORMULA_USCC = uscc('52220100MJ0000009');

type Json = Record<string, unknown>;

/** The records of a CSV (csv-parse: RFC 4180, the BOM dropped, every record as long as the header). */
const rowsOf = (text: string): string[][] => parse(text, { bom: true });

/** A JSON field of an item by its CSV column name (dotted for nested; through an array, each element's). */
function fieldOf(item: unknown, column: string): unknown {
  return column.split('.').reduce<unknown>((v, key) => {
    if (Array.isArray(v)) return v.map((e) => (e as Json)[key]);
    return v === null || v === undefined ? undefined : (v as Json)[key];
  }, item);
}

/** The cell the CSV must hold for a JSON value: lists space-separated, objects as JSON, a formula start neutralised. */
function cellOf(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (Array.isArray(value)) text = value.join(' ');
  else if (typeof value === 'string') text = value;
  else text = JSON.stringify(value); // objects; numbers and booleans as JSON writes them
  return /^[=+\-@\t\r＝＋－＠]/.test(text) ? `'${text}` : text;
}

interface ListRoute {
  readonly name: string;
  readonly url: (seed: { head: number }) => string;
  readonly key?: string;
  /** The JSON list's items. */
  readonly items: (body: Json) => unknown[];
  /** How the JSON item gives the value of a column, when not by its name (checkpoints are signed notes). */
  readonly column?: (item: unknown, column: string) => unknown;
  /** Where the JSON gives the next cursor (keyset pages). */
  readonly nextCursor?: (body: Json) => string;
  /** A refused query, which stays problem+json. */
  readonly refused: string;
  /** A public or credit route: no private data, for anyone. */
  readonly shared: boolean;
}

const note = (item: unknown): string[] => String(item).split('\n');

const ROUTES: ListRoute[] = [
  {
    name: 'GET /v1/audit/findings',
    url: () => '/v1/audit/findings?region=220100&fiscalYear=2024',
    key: KEYS.auditor,
    items: (b) => b.items as unknown[],
    refused: '/v1/audit/findings?region=220100',
    shared: false,
  },
  {
    name: 'GET /v1/credit/dishonesty',
    url: () => '/v1/credit/dishonesty?limit=5',
    key: KEYS.creditPlatform,
    items: (b) => b.items as unknown[],
    nextCursor: (b) => b.nextCursor as string,
    refused: '/v1/credit/dishonesty?asOf=2024-02-30',
    shared: true,
  },
  {
    name: 'GET /v1/contractors',
    url: () => '/v1/contractors?after=1&limit=3',
    key: KEYS.purchaserJilin,
    items: (b) => b.items as unknown[],
    nextCursor: (b) => b.nextCursor as string,
    refused: '/v1/contractors?kind=pirate',
    shared: true,
  },
  {
    name: 'GET /v1/ledger/events',
    url: ({ head }) => `/v1/ledger/events?after=2&limit=${head}`,
    key: KEYS.auditor,
    items: (b) => b.items as unknown[],
    nextCursor: (b) => b.nextCursor as string,
    refused: '/v1/ledger/events?limit=0',
    shared: false,
  },
  {
    name: 'GET /v1/credit/feed',
    url: () => '/v1/credit/feed?limit=1000',
    key: KEYS.creditPlatform,
    items: (b) => b.items as unknown[],
    nextCursor: (b) => b.nextCursor as string,
    refused: '/v1/credit/feed?after=not-a-cursor',
    shared: true,
  },
  {
    name: 'GET /v1/ledger/checkpoints',
    url: () => '/v1/ledger/checkpoints?after=1&limit=5',
    items: (b) => b.items as unknown[],
    column: (item, column) =>
      ({ origin: note(item)[0], treeSize: note(item)[1], rootHash: note(item)[2], note: item })[column] ?? fieldOf(item, column),
    nextCursor: (b) => b.nextCursor as string,
    refused: '/v1/ledger/checkpoints?after=x',
    shared: true,
  },
  {
    name: 'GET /v1/disclosure/ocds/releases',
    url: () => '/v1/disclosure/ocds/releases?limit=4',
    items: (b) => b.releases as unknown[],
    nextCursor: (b) => new URL((b.links as { next: string }).next).searchParams.get('after')!,
    refused: '/v1/disclosure/ocds/releases?limit=1001',
    shared: true,
  },
];

function listCsvSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let head: number;
  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await seedPortal(t);
    // Checkpoints of three tree sizes, for pages of them.
    for (let i = 0; i < 3; i++) {
      await t.http.get('/v1/ledger/checkpoint').expect(200);
      const name = i === 0 ? FORMULA : `服务社${i}`;
      const over = { uscc: i === 0 ? FORMULA_USCC : uscc(`52220100MJ000001${i}`), name, internalNote: SENTINELS[3] };
      await expectCreated(post(t, '/v1/contractors', contractor(over), KEYS.purchaserJilin));
    }
    await t.http.get('/v1/ledger/checkpoint').expect(200);
    head = await t.store.head();
    // Every read model has the whole seed.
    await t.http.get('/v1/contractors').query({ minPosition: head }).set(bearer(KEYS.auditor)).expect(200);
    await t.http.get('/v1/credit/feed').query({ minPosition: head }).set(bearer(KEYS.auditor)).expect(200);
    await t.http.get('/v1/audit/findings?region=220100&fiscalYear=2024').query({ minPosition: head }).set(bearer(KEYS.auditor));
    await t.http.get('/v1/disclosure/ocds/releases').query({ minPosition: head }).expect(200);
    await t.http.get('/v1/credit/dishonesty').query({ minPosition: head }).set(bearer(KEYS.auditor)).expect(200);
  });
  afterAll(async () => t.close());

  const get = (route: ListRoute, url: string, accept: string): Test => {
    const req = t.http.get(url).set('Accept', accept);
    return route.key ? req.set(bearer(route.key)) : req;
  };

  it.each(ROUTES.map((r) => [r.name, r] as const))(
    '%s: Accept: text/csv gives the same rows as the JSON (BOM, CRLF, columns named by the JSON fields)',
    async (_, route) => {
      const url = route.url({ head });
      const json = await get(route, url, 'application/json').expect(200);
      const csv = await get(route, url, 'text/csv').expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers.vary).toMatch(/(^|, *)Accept($|,)/);
      expect(json.headers.vary).toMatch(/(^|, *)Accept($|,)/);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      // Every line ends CRLF, none with a bare LF (a signed note's own line breaks are inside a quoted cell).
      expect(csv.text.endsWith('\r\n')).toBe(true);
      const rows = rowsOf(csv.text);
      const [header, ...lines] = rows;
      const items = route.items(bodyOf<Json>(json));
      expect(items.length).toBeGreaterThan(0);
      expect(lines.length).toBe(items.length);
      const cells = items.map((item) => header.map((column) => cellOf((route.column ?? fieldOf)(item, column))));
      expect(lines).toEqual(cells);
      // Nothing in any cell a spreadsheet would run.
      for (const cell of lines.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
      if (route.nextCursor) {
        expect(csv.headers['x-next-cursor']).toBe(route.nextCursor(bodyOf<Json>(json)));
        expect(json.headers['x-next-cursor']).toBe(csv.headers['x-next-cursor']);
        // A portal of another origin reads it too (CORS), on the public lists.
        if (!route.key) expect(csv.headers['access-control-expose-headers']).toContain('X-Next-Cursor');
      }
    },
  );

  it('documents each CSV with its header row (OpenAPI), as the route writes it', async () => {
    type Op = { responses: { 200: { content: Record<string, { schema: { example?: string } }> } } };
    const doc = bodyOf<{ paths: Record<string, { get: Op }> }>(await t.http.get('/docs-json').expect(200));
    for (const route of ROUTES) {
      const path = route.name.replace('GET ', '');
      const content = doc.paths[path].get.responses[200].content;
      expect(Object.keys(content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
      const csv = await get(route, route.url({ head }), 'text/csv').expect(200);
      expect({ path, header: content['text/csv'].schema.example }).toEqual({ path, header: csv.text.split('\r\n')[0] + '\r\n' });
    }
  });

  it('escapes a cell that would run as a formula (a contractor named =HYPERLINK(…))', async () => {
    const res = await t.http.get('/v1/contractors').query({ q: FORMULA_USCC }).set(bearer(KEYS.auditor)).set('Accept', 'text/csv');
    const [, line] = rowsOf(res.text);
    expect(line.slice(0, 2)).toEqual([FORMULA_USCC, `'${FORMULA}`]);
  });

  it('holds no private data: public and credit lists for anyone, the ledger entries even for auditors', async () => {
    const raw = await t.http.get('/v1/ledger/events').query({ limit: 1000 }).set(bearer(KEYS.auditor)).expect(200);
    // The sentinels are in the ledger: the scan would see them if a CSV leaked them.
    for (const sentinel of SENTINELS) expect(raw.text).toContain(sentinel);
    for (const route of ROUTES) {
      const res = await get(route, route.url({ head }).replace(/limit=\d+/, 'limit=1000'), 'text/csv').expect(200);
      for (const sentinel of SENTINELS)
        expect({ route: route.name, leaks: res.text.includes(sentinel) }).toEqual({ route: route.name, leaks: false });
    }
    const csv = await t.http.get('/v1/ledger/events').query({ limit: 1000 }).set(bearer(KEYS.auditor)).set('Accept', 'text/csv');
    const [header, ...lines] = rowsOf(csv.text);
    expect(header).not.toContain('private');
    expect(lines).toHaveLength(head);
    // Entries with a private part say so by their digest.
    expect(lines.filter((l) => l[header.indexOf('privateDigest')] !== '').length).toBeGreaterThan(0);
  });

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a refused query is problem+json, not CSV', async (_, route) => {
    const res = await get(route, route.refused, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bodyOf<{ code: string }>(res).code).toBe('VALIDATION_FAILED');
  });
}

describe('lists as CSV (Accept: text/csv) [sqlite]', () => listCsvSuite('sqlite'));
describePostgres('lists as CSV (Accept: text/csv)', () => listCsvSuite('postgres'));
