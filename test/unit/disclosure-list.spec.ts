import { expect } from '@jest/globals';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { disclosureProjection } from '../../projections/disclosure/disclosure.projection';
import { DisclosureController } from '../../src/disclosure/queries/disclosure.http.controller';
import { CSV_MAX_ROWS } from '../../src/disclosure/queries/project-list.query';
import type { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import type { ProjectionState, ProjectionStore, RowQuery } from '../../src/projection-runner/projection-store.port';
import { ProblemException } from '../../src/http/problem';

/**
 * The two limits of GET /v1/disclosure/projects that a test ledger cannot reach through the API: a CSV of more than
 * CSV_MAX_ROWS matches, and a query on a column the previous definition of the read model lacks while it is rebuilt.
 */
describe('DisclosureController.list', () => {
  const queries: RowQuery[] = [];
  const store = (matches: number, servedVersion: number): ProjectionStore =>
    ({
      countRows: () => Promise.resolve(matches),
      queryRows: (_name: string, query: RowQuery) => {
        queries.push(query);
        return Promise.resolve([]);
      },
      state: () => Promise.resolve({ name: 'disclosure', version: servedVersion } as ProjectionState),
    }) as unknown as ProjectionStore;
  const controller = (matches: number, servedVersion = disclosureProjection.version): DisclosureController =>
    new DisclosureController(store(matches, servedVersion), {} as ProjectionRunner, () => new Date('2025-01-01T00:00:00Z'));
  const reply = { header: () => reply, type: () => reply } as unknown as FastifyReply;
  const asking = (accept: string) => ({ headers: { accept } }) as unknown as FastifyRequest;
  const outcome = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      (v) => (typeof v === 'string' ? 'csv' : 'json'),
      (e: unknown) => (e instanceof ProblemException ? { status: e.status, code: e.code, detail: e.detail } : e),
    );

  beforeEach(() => queries.splice(0));

  it(`gives every match as CSV up to ${CSV_MAX_ROWS}, and refuses more with a 400 that says how to narrow it`, async () => {
    expect(await outcome(controller(CSV_MAX_ROWS).list({ region: '220000' }, asking('text/csv'), reply))).toBe('csv');
    expect(queries.at(-1)).toMatchObject({ limit: CSV_MAX_ROWS });
    expect(queries.at(-1)?.offset).toBeUndefined();
    expect(await outcome(controller(CSV_MAX_ROWS + 1).list({ region: '220000' }, asking('text/csv'), reply))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: expect.stringContaining(`matches ${CSV_MAX_ROWS + 1} projects, more than the ${CSV_MAX_ROWS}`),
    });
    // A page asked for is a page, however many match.
    expect(await outcome(controller(CSV_MAX_ROWS + 1).list({ page: '3', pageSize: '50' }, asking('text/csv'), reply))).toBe('csv');
    expect(queries.at(-1)).toMatchObject({ limit: 50, offset: 100 });
    expect(await outcome(controller(CSV_MAX_ROWS + 1).list({}, asking('application/json'), reply))).toBe('json');
  });

  it('answers 503 while the previous definition is served, for a query on the columns it lacks only', async () => {
    const old = disclosureProjection.version - 1;
    for (const query of [
      { q: '照料' },
      { status: 'awarded' },
      { sort: '-amount' },
      { method: 'public_tender' },
      { category: 'service.care' },
      { contractor: '52220100MJ00000016' },
    ])
      expect(await outcome(controller(1, old).list(query, asking('*/*'), reply))).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
      });
    for (const query of [{}, { region: '220000', fiscalYear: '2024', from: '2024-01-01', sort: '-date' }])
      expect(await outcome(controller(1, old).list(query, asking('*/*'), reply))).toBe('json');
  });
});
