import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { award, contract, expectCreated, post, registeredProject, tender } from '../support/lifecycle';
import { bodyOf, Page } from '../support/bodies';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function queriesSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let beforeAward: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await registeredProject(t, { recipients: [{ name: '赵六', idNumber: '220102199901011111', needs: '照料' }] });
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
    await pause(5);
    beforeAward = new Date().toISOString();
    await pause(5);
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(), KEYS.purchaserJilin));
  });
  afterAll(async () => t.close());

  it('GET /v1/projects/:id gives the current state with its contracts, and the state as of an instant', async () => {
    const now = await t.http.get('/v1/projects/cc-2024-001').set(bearer(KEYS.auditor)).expect(200);
    expect(now.body).toMatchObject({
      projectId: 'cc-2024-001',
      position: 8,
      project: { status: 'contracted' },
      contracts: [{ contractId: 'cc-2024-001-c1', state: { status: 'active' } }],
    });
    const then = await t.http.get('/v1/projects/cc-2024-001').query({ asOf: beforeAward }).set(bearer(KEYS.purchaserJilin)).expect(200);
    expect(then.body).toMatchObject({ asOf: beforeAward, position: 5, project: { status: 'tendered' }, contracts: [] });
    await t.http.get('/v1/projects/cc-2024-001').query({ asOf: '2000-01-01T00:00:00Z' }).set(bearer(KEYS.auditor)).expect(404);
    await t.http.get('/v1/projects/cc-2024-001').query({ asOf: 'yesterday' }).set(bearer(KEYS.auditor)).expect(400);
    await t.http.get('/v1/projects/cc-2024-001').set(bearer(KEYS.purchaserInnerMongolia)).expect(403);
    await t.http.get('/v1/projects/cc-2024-001').set(bearer(KEYS.creditPlatform)).expect(403);
    await t.http.get('/v1/projects/cc-2024-001').expect(401);
  });

  it('GET /v1/ledger/events pages through raw entries for auditors, private parts included', async () => {
    /** The parts of a raw entry (API.md envelope) this test reads. */
    type Entry = { position: number; type: string; private: { recipients: { name: string }[] }; privateSalt: string };
    const first = bodyOf<Page<Entry>>(await t.http.get('/v1/ledger/events').query({ limit: 3 }).set(bearer(KEYS.auditor)).expect(200));
    expect(first.items.map((e) => e.position)).toEqual([1, 2, 3]);
    const rest = bodyOf<Page<Entry>>(
      await t.http.get('/v1/ledger/events').query({ after: first.nextCursor, limit: 100 }).set(bearer(KEYS.auditor)).expect(200),
    );
    expect(rest.items.map((e) => e.position)).toEqual([4, 5, 6, 7, 8]);
    const registered = rest.items.find((e) => e.type === 'ProjectRegistered') ?? first.items.find((e) => e.type === 'ProjectRegistered');
    expect(registered!.private.recipients[0].name).toBe('赵六');
    expect(registered!.privateSalt).toEqual(expect.any(String));
    const end = await t.http.get('/v1/ledger/events').query({ after: rest.nextCursor }).set(bearer(KEYS.auditor)).expect(200);
    expect(end.body).toEqual({ items: [], nextCursor: rest.nextCursor });
    await t.http.get('/v1/ledger/events').query({ after: 'bm9wZQ' }).set(bearer(KEYS.auditor)).expect(400);
    await t.http.get('/v1/ledger/events').query({ limit: 0 }).set(bearer(KEYS.auditor)).expect(400);
    await t.http.get('/v1/ledger/events').set(bearer(KEYS.purchaserJilin)).expect(403);
  });
}

describe('ledger queries [sqlite]', () => queriesSuite('sqlite'));
describePostgres('ledger queries', () => queriesSuite('postgres'));
