import { expect, jest } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { contractor, expectCreated, post } from '../support/lifecycle';
import { bodyOf } from '../support/bodies';
import { PROJECTION_STORE } from '../../src/shared/di-tokens';
import type { ProjectionStore } from '../../src/projection-runner/projection-store.port';

interface Health {
  status: string;
  projections: { name: string; status: string; error: string | null; lag: number; position: number }[];
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A read-model store that fails while projections follow: the service stays up, says so, and catches up once it answers. */
describe('a read-model store that fails while following [sqlite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('keeps commands going, reports the projections as retrying in /health and /metrics, then catches up', async () => {
    const rows = t.app.get<ProjectionStore>(PROJECTION_STORE);
    const commit = jest.spyOn(rows, 'commitBatch').mockRejectedValue(new Error('the read-model server is gone'));
    try {
      // Commands are the ledger's, not the read models': they still go through.
      await expectCreated(post(t, '/v1/contractors', contractor(), KEYS.admin));
      const health = () => t.http.get('/health').then((r) => bodyOf<Health>(r));
      const degraded = await eventually(health, (h) => h.projections.some((p) => p.status === 'retrying'));
      expect(degraded.status).toBe('degraded');
      expect(degraded.projections.find((p) => p.status === 'retrying')).toMatchObject({ error: 'Error: the read-model server is gone' });
      const metrics = (await t.http.get('/metrics')).text;
      expect(metrics).toMatch(/^projection_store_retries_total\{projection="[a-z_]+"\} [1-9]/m);
    } finally {
      commit.mockRestore();
    }
    // The store answers again: every projection catches up, and /health is back to ok.
    const head = await t.store.head();
    const healthy = await eventually(
      () => t.http.get('/health').then((r) => bodyOf<Health>(r)),
      (h) => h.status === 'ok' && h.projections.every((p) => p.status === 'running' && p.lag === 0),
      30_000,
    );
    expect(healthy).toMatchObject({ status: 'ok' });
    expect(healthy.projections.every((p) => p.error === null)).toBe(true);
    // Every projection has applied the contractor's registration, written while its store was failing.
    expect(healthy.projections.map((p) => p.position)).toEqual(healthy.projections.map(() => head));
  }, 60_000);
});
