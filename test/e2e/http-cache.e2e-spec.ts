import { expect } from '@jest/globals';
import type { OpenAPIObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import type { Test } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, type CommandResponse } from '../support/bodies';
import { expectCreated, post, project, registeredProject } from '../support/lifecycle';

const ETAG = /^"[A-Za-z0-9_-]{32}"$/;
const FRESH = 'public, max-age=5';
const PRIVATE = 'private, no-store';
const ORIGIN = 'https://portal.example.org';

/** API.md Conventions: public reads send ETag and Cache-Control, answer If-None-Match with 304, and allow GET from any origin. */
function cachingSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let head: number;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await registeredProject(t);
    head = await t.store.head();
  });
  afterAll(async () => t.close());

  const revalidate = (path: string, etag: string): Test => t.http.get(path).set('If-None-Match', etag);

  it('a public list answers a strong ETag and a short public Cache-Control, and 304 without a body while it is unchanged', async () => {
    const first = await t.http.get('/v1/disclosure/projects').query({ minPosition: head }).set('Origin', ORIGIN).expect(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(ETAG);
    expect(first.headers).toMatchObject({ 'cache-control': FRESH, 'access-control-allow-origin': '*', vary: 'Accept' });
    expect(first.headers['access-control-expose-headers']).toBe('ETag, Retry-After, X-Next-Cursor');
    // The same body at the address without ?minPosition: the same validator.
    const notModified = await revalidate('/v1/disclosure/projects', etag).expect(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers).toMatchObject({ etag, 'cache-control': FRESH, 'access-control-allow-origin': '*' });
    expect(notModified.headers['content-type']).toBeUndefined();
    await revalidate('/v1/disclosure/projects', `"other", W/${etag}`).expect(304);
    await revalidate('/v1/disclosure/projects', '*').expect(304);
    expect((await revalidate('/v1/disclosure/projects', '"other"').expect(200)).headers.etag).toBe(etag);

    // A new project changes the list: the old validator no longer matches.
    const created = await expectCreated(
      post(t, '/v1/projects', project({ projectId: 'cc-2024-002', budget: 1_000_000 }), KEYS.purchaserJilin),
    );
    const now = await t.http
      .get('/v1/disclosure/projects')
      .query({ minPosition: bodyOf<CommandResponse>(created).position })
      .expect(200);
    expect(now.headers.etag).not.toBe(etag);
    expect(bodyOf<{ total: number }>(await revalidate('/v1/disclosure/projects', etag).expect(200)).total).toBe(2);
  });

  it('a proof at a named tree size is immutable, the verifier key long-lived, the bundle and checkpoint short; each 304 on its ETag', async () => {
    const kinds: [string, string][] = [
      [`/v1/ledger/proofs/inclusion?position=1&treeSize=${head}`, 'public, max-age=31536000, immutable'],
      [`/v1/ledger/proofs/consistency?from=1&to=${head}`, 'public, max-age=31536000, immutable'],
      ['/v1/ledger/key', 'public, max-age=86400'],
      ['/v1/ledger/entries/3/proof', FRESH],
      ['/v1/ledger/checkpoint', FRESH],
      ['/v1/ledger/checkpoints', FRESH],
      ['/v1/catalogue', FRESH],
      ['/v1/disclosure/projects/cc-2024-001', FRESH],
    ];
    for (const [path, cacheControl] of kinds) {
      const res = await t.http.get(path).expect(200);
      expect({ path, cacheControl: res.headers['cache-control'], cors: res.headers['access-control-allow-origin'] }).toEqual({
        path,
        cacheControl,
        cors: '*',
      });
      expect(String(res.headers.etag)).toMatch(ETAG);
      const again = await revalidate(path, String(res.headers.etag)).expect(304);
      expect({ path, body: again.text, cacheControl: again.headers['cache-control'] }).toEqual({ path, body: '', cacheControl });
    }
    // HEAD: the same validator, and 304 to it.
    const checkpoint = await t.http.get('/v1/ledger/checkpoint').expect(200);
    const headRes = await t.http.head('/v1/ledger/checkpoint').expect(200);
    expect(headRes.headers.etag).toBe(checkpoint.headers.etag);
    expect(headRes.headers['access-control-allow-origin']).toBe('*');
    await t.http.head('/v1/ledger/checkpoint').set('If-None-Match', String(checkpoint.headers.etag)).expect(304);
  });

  it('a public refusal is not stored but still readable from any origin', async () => {
    const res = await t.http.get('/v1/disclosure/projects/no-such-project').expect(404);
    expect(res.headers).toMatchObject({ 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    expect(res.headers.etag).toBeUndefined();
    const bad = await t.http.get('/v1/ledger/proofs/inclusion?position=1&treeSize=999999').expect(400);
    expect(bad.headers['cache-control']).toBe('no-store');
  });

  it('keyed reads, commands and public reads asked with a key are private, no-store; keyed routes and commands get no CORS header', async () => {
    const keyed = await t.http.get('/v1/projects/cc-2024-001').set(bearer(KEYS.purchaserJilin)).set('Origin', ORIGIN).expect(200);
    expect(keyed.headers['cache-control']).toBe(PRIVATE);
    expect(keyed.headers['access-control-allow-origin']).toBeUndefined();
    const refused = await t.http.get('/v1/audit/findings').set('Origin', ORIGIN).expect(401);
    expect(refused.headers['cache-control']).toBe(PRIVATE);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const command = await expectCreated(
      post(t, '/v1/projects', project({ projectId: 'cc-2024-003', budget: 1_000_000 }), KEYS.purchaserJilin, { Origin: ORIGIN }),
    );
    expect(command.headers['cache-control']).toBe(PRIVATE);
    expect(command.headers['access-control-allow-origin']).toBeUndefined();
    // An auditor's key opens bundles of entries that are not public (1: the fund allocation): never `public`, never an ETag.
    await t.http.get('/v1/ledger/entries/1/proof').expect(404);
    const audited = await t.http.get('/v1/ledger/entries/1/proof').set(bearer(KEYS.auditor)).expect(200);
    expect(audited.headers['cache-control']).toBe(PRIVATE);
    expect(audited.headers.etag).toBeUndefined();
    const withKey = await t.http.get('/v1/disclosure/projects').set(bearer(KEYS.admin)).set('If-None-Match', '*').expect(200);
    expect(withKey.headers['cache-control']).toBe(PRIVATE);
  });

  it('answers the CORS preflight of a public read 204; OPTIONS elsewhere stays 405 with Allow', async () => {
    for (const path of ['/v1/disclosure/projects', '/v1/disclosure/projects/cc-2024-001', '/v1/ledger/entries/1/proof']) {
      const res = await t.http
        .options(path)
        .set({ Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' })
        .expect(204);
      expect(res.text).toBe('');
      expect(res.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'Accept, If-None-Match',
        'access-control-max-age': '86400',
        allow: 'GET, HEAD, OPTIONS',
      });
    }
    // Authorization is not among the allowed headers: no page of another origin sends a key.
    const preflight = await t.http.options('/v1/ledger/checkpoint').set('Access-Control-Request-Headers', 'authorization').expect(204);
    expect(preflight.headers['access-control-allow-headers']).not.toMatch(/authorization/i);
    const cases: [string, string][] = [
      ['/v1/projects/cc-2024-001', 'GET, HEAD'],
      ['/v1/funds', 'POST'],
      ['/v1/audit/findings', 'GET, HEAD'],
      ['/health', 'GET, HEAD'],
    ];
    for (const [path, allow] of cases) {
      const res = await t.http
        .options(path)
        .set({ Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' })
        .set(bearer(KEYS.admin))
        .expect(405);
      expect({ path, code: bodyOf<{ code: string }>(res).code, allow: res.headers.allow }).toEqual({
        path,
        code: 'METHOD_NOT_ALLOWED_HTTP',
        allow,
      });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
    // Other methods on a public path: 405, its Allow naming OPTIONS too, and no CORS header.
    const put = await t.http.put('/v1/disclosure/projects').set('Origin', ORIGIN).expect(405);
    expect(String(put.headers.allow).split(', ').sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(put.headers['access-control-allow-origin']).toBeUndefined();
    // An empty path parameter is no resource: OPTIONS is refused there as GET is, without CORS headers.
    for (const method of ['get', 'options'] as const) {
      const res = await t.http[method]('/v1/disclosure/projects/').expect(405);
      expect({ method, code: bodyOf<{ code: string }>(res).code, cors: res.headers['access-control-allow-origin'] }).toEqual({
        method,
        code: 'METHOD_NOT_ALLOWED_HTTP',
        cors: undefined,
      });
    }
  });

  it('every route answers by who may call it: public reads with CORS and a public or no-store Cache-Control, keyed ones private', async () => {
    const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const op = item.get;
      if (!op) continue;
      const params = (op.parameters ?? []) as ParameterObject[];
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => String(params.find((p) => p.name === name)?.example ?? 'x'));
      // The SSE feed and the streams answer as the keyed reads they are (401 without a key).
      const res = await t.http.get(url);
      const headers = { cacheControl: res.headers['cache-control'], cors: res.headers['access-control-allow-origin'] };
      const ok = op.responses['200'] as ResponseObject | undefined;
      if (path === '/health' || path === '/metrics') {
        expect({ path, ...headers }).toEqual({ path, cacheControl: 'no-store', cors: undefined });
      } else if ((op as { 'x-public'?: boolean })['x-public'] === true) {
        expect({
          path,
          cors: headers.cors,
          cacheControl: /^(public, max-age=\d+(, immutable)?|no-store)$/.test(String(headers.cacheControl)),
        }).toEqual({
          path,
          cors: '*',
          cacheControl: true,
        });
        expect({ path, documented: Object.keys(ok?.headers ?? {}), notModified: op.responses['304'] !== undefined }).toEqual({
          path,
          documented: expect.arrayContaining(['ETag', 'Cache-Control', 'Access-Control-Allow-Origin']),
          notModified: true,
        });
      } else {
        expect({ path, status: res.status, ...headers }).toEqual({ path, status: 401, cacheControl: PRIVATE, cors: undefined });
        expect({ path, documented: Object.keys(ok?.headers ?? {}), notModified: op.responses['304'] }).toEqual({
          path,
          documented: expect.arrayContaining(['Cache-Control']),
          notModified: undefined,
        });
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });
}

describe('HTTP caching and CORS [sqlite]', () => cachingSuite('sqlite'));
describePostgres('HTTP caching and CORS', () => cachingSuite('postgres'));
