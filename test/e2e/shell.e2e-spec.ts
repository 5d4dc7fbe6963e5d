import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HealthController } from '../../src/health/health.controller';
import { LedgerMetrics } from '../../src/observability/metrics';
import type { EventStore } from '../../src/ledger/event-store.port';
import { describePostgres } from '../support/postgres-server';
import { startTestApp, TestApp } from '../support/app';
import { newEvent } from '../support/events';
import { bodyOf } from '../support/bodies';
import type { OpenAPIObject } from '@nestjs/swagger';

function shellSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  it('GET /health reports the store ready, with its kind and head', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', store: { kind, ready: true, head: 0 }, ledger: { status: 'ok' } });
  });

  it('GET /metrics serves Prometheus text with append count and latency', async () => {
    // Through the service's own store, so a catalogue event (the schema guard refuses anything else).
    await t.store.append(
      'fund-220100-2024',
      [
        newEvent(
          'FundAllocated',
          { region: '220100', fiscalYear: 2024, source: 'central', amount: 100, reference: 'r' },
          { schemaVersion: 2 },
        ),
      ],
      { expectedVersion: 'no_stream' },
    );
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^ledger_appends_total\{outcome="ok"\} 1$/m);
    expect(res.text).toMatch(/^ledger_append_duration_seconds_bucket\{le="0\.01"\} \d+$/m);
    expect(res.text).toMatch(/^ledger_append_duration_seconds_count 1$/m);
    expect(res.text).toMatch(/^ledger_head_position 1$/m);
  });

  it('serves the OpenAPI document at /docs-json and its UI at /docs, without a key', async () => {
    const doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/metrics']));
    expect(doc.components!.securitySchemes!.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    await t.http.get('/docs').expect(200).expect('Content-Type', /html/);
  });

  it('answers unknown routes and malformed bodies with problem+json', async () => {
    const missing = await t.http.get('/v1/nothing-here').expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not found' });
    const head = await t.store.head();
    const bad = await t.http.post('/v1/funds').set('Content-Type', 'application/json').send('{"region": ').expect(400);
    expect(bad.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const big = await t.http
      .post('/v1/funds')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }))
      .expect(413);
    expect(big.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await t.store.head()).toBe(head);
  });
}

describe('HTTP shell [sqlite]', () => shellSuite('sqlite'));
describePostgres('HTTP shell', () => shellSuite('postgres'));

describe('a request that arrives while the service shuts down', () => {
  it('is 503 SERVICE_UNAVAILABLE problem+json with Retry-After, and the connection is closed', async () => {
    const t = await startTestApp('sqlite');
    try {
      await t.http.get('/health').expect(200);
      // What Nest does first on app.close(): from here requests are refused.
      await t.app.getHttpAdapter().beforeClose?.();
      const res = await t.http.get('/health').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.headers.connection).toBe('close');
      expect(res.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    } finally {
      await t.close();
    }
  });
});

describe('GET /health when the store does not answer', () => {
  it('is 503 with the reason', async () => {
    const broken = { kind: 'postgres', head: () => Promise.reject(new Error('connection refused')) } as unknown as EventStore;
    const controller = new HealthController(broken, new LedgerMetrics());
    const res = {
      code: 0,
      body: undefined as unknown,
      status(c: number) {
        this.code = c;
        return this;
      },
      send(b: unknown) {
        this.body = b;
        return this;
      },
    };
    await controller.health(res as never);
    expect(res.code).toBe(503);
    expect(res.body).toEqual({ status: 'unavailable', store: { kind: 'postgres', ready: false, error: 'connection refused' } });
  });
});

describe('npm start (the built service)', () => {
  const MAIN = resolve(__dirname, '../../dist/src/main.js');

  it('serves GET /health on the embedded store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
    const port = 20000 + (process.pid % 20000);
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite://${join(dir, 'ledger.db')}`, LOG_LEVEL: 'warn' },
      stdio: 'pipe',
    });
    try {
      let body: unknown;
      for (let i = 0; i < 100 && body === undefined; i++) {
        await new Promise((r) => setTimeout(r, 100));
        body = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => (r.status === 200 ? r.json() : undefined),
          () => undefined,
        );
      }
      expect(body).toMatchObject({ status: 'ok', store: { kind: 'sqlite', ready: true, head: 0 } });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on bad configuration, saying what is wrong', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: 'eighty', LEDGER_API_KEYS: '[{"key":"x"}]' },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration:');
    expect(stderr).toContain('PORT must be an integer from 1 to 65535, got "eighty"');
    expect(stderr).toContain('LEDGER_API_KEYS[0].key must be a string of at least 16 characters');
  });
});
