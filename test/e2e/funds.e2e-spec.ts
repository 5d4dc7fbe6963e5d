import { expect } from '@jest/globals';
import { EventBus } from '@nestjs/cqrs';
import { EntryCommitted } from '../../src/ledger/ledger-writer';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';

const fund = (over: Record<string, unknown> = {}) => ({
  region: '220100',
  fiscalYear: 2024,
  source: 'central',
  amount: 5_000_000_000,
  reference: '财社〔2024〕12号',
  ...over,
});

function fundsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let published: EntryCommitted[];
  beforeEach(async () => {
    t = await startTestApp(kind);
    published = [];
    t.app.get(EventBus).subscribe((e) => published.push(e as EntryCommitted));
  });
  afterEach(async () => t.close());

  it('goes through the CommandBus to the decider and the ledger, and tells the EventBus after the commit', async () => {
    const res = await t.http
      .post('/v1/funds')
      .set(bearer(KEYS.admin))
      .set('X-Correlation-Id', 'corr-fund-1')
      .send(fund({ internalNote: 'PRIVATE-NOTE' }))
      .expect(201);
    expect(res.body).toEqual({ streamId: 'fund-220100-2024', version: 1, position: 1, eventIds: [expect.any(String)] });
    expect(res.headers.etag).toBe('"1"');
    const [entry] = await t.store.readAll(0, 10);
    expect(entry).toMatchObject({
      position: 1,
      streamId: 'fund-220100-2024',
      streamVersion: 1,
      eventId: bodyOf<CommandResponse>(res).eventIds[0],
      type: 'FundAllocated',
      schemaVersion: 2,
      data: fund(),
      metadata: {
        actor: expect.stringMatching(/^key:[0-9a-f]{12}$/),
        role: 'admin',
        correlationId: 'corr-fund-1',
        causationId: expect.any(String),
      },
      private: { internalNote: 'PRIVATE-NOTE' },
      privateDigest: expect.any(String),
    });
    expect(JSON.stringify(entry.data)).not.toContain('PRIVATE-NOTE');
    expect(published.map((p) => p.entry.position)).toEqual([1]);
  });

  it('refuses keys without the admin role, and requests without a key, appending nothing', async () => {
    await t.http
      .post('/v1/funds')
      .send(fund())
      .expect(401)
      .expect('WWW-Authenticate', /Bearer/);
    await t.http.post('/v1/funds').set(bearer('not-a-known-key-at-all')).send(fund()).expect(401);
    for (const key of [KEYS.purchaserJilin, KEYS.auditor, KEYS.creditPlatform]) {
      const res = await t.http.post('/v1/funds').set(bearer(key)).send(fund()).expect(403);
      expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
    expect(await t.store.head()).toBe(0);
    expect(published).toEqual([]);
  });

  it('refuses the same allocation twice with 409 ALREADY_EXISTS, and publishes nothing for it', async () => {
    await t.http.post('/v1/funds').set(bearer(KEYS.admin)).send(fund()).expect(201);
    const res = await t.http.post('/v1/funds').set(bearer(KEYS.admin)).send(fund()).expect(409);
    expect(res.body).toMatchObject({ code: 'ALREADY_EXISTS', detail: expect.stringContaining('财社〔2024〕12号') });
    expect(await t.store.head()).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('replays an Idempotency-Key with the same body and refuses it with another', async () => {
    const first = await t.http.post('/v1/funds').set(bearer(KEYS.admin)).set('Idempotency-Key', 'alloc-1').send(fund()).expect(201);
    const again = await t.http.post('/v1/funds').set(bearer(KEYS.admin)).set('Idempotency-Key', 'alloc-1').send(fund()).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await t.http
      .post('/v1/funds')
      .set(bearer(KEYS.admin))
      .set('Idempotency-Key', 'alloc-1')
      .send(fund({ amount: 1 }))
      .expect(409);
    expect(bodyOf<ProblemBody>(other).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await t.store.head()).toBe(1);
    const [entry] = await t.store.readAll(0, 1);
    expect(entry.metadata.idempotencyKey).toBe('alloc-1');
  });

  it('honours If-Match against the stream version', async () => {
    await t.http.post('/v1/funds').set(bearer(KEYS.admin)).send(fund()).expect(201);
    const stale = await t.http
      .post('/v1/funds')
      .set(bearer(KEYS.admin))
      .set('If-Match', '"0"')
      .send(fund({ reference: 'B' }))
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'CONCURRENCY_CONFLICT', detail: expect.stringContaining('at version 1') });
    await t.http
      .post('/v1/funds')
      .set(bearer(KEYS.admin))
      .set('If-Match', '1')
      .send(fund({ reference: 'B' }))
      .expect(201);
    await t.http
      .post('/v1/funds')
      .set(bearer(KEYS.admin))
      .set('If-Match', 'latest')
      .send(fund({ reference: 'C' }))
      .expect(400);
    expect(await t.store.head()).toBe(2);
  });

  it('answers bad bodies with 400 problem+json naming each field, appending nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [fund({ amount: -1 }), 'amount'],
      [fund({ amount: 1.5 }), 'amount'],
      [fund({ amount: '100' }), 'amount'],
      [fund({ region: '22010' }), 'region'],
      [fund({ source: 'local' }), 'source'],
      [fund({ extra: 1 }), 'extra'],
      [fund({ fiscalYear: '2024' }), 'fiscalYear'],
      [{}, 'region'],
    ];
    for (const [body, path] of cases) {
      const res = await t.http.post('/v1/funds').set(bearer(KEYS.admin)).send(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(bodyOf<ProblemBody>(res).errors!.map((e) => e.path)).toContain(path);
    }
    expect(await t.store.head()).toBe(0);
  });
}

describe('POST /v1/funds [sqlite]', () => fundsSuite('sqlite'));
describePostgres('POST /v1/funds', () => fundsSuite('postgres'));
