import type { EventStore } from '../../src/ledger/event-store.port';
import { CreditRecordsController } from '../../src/credit/queries/credit-records.http.controller';
import type { ProjectionRunner, ProjectionStatus } from '../../src/projection-runner/projection-runner';
import type { ProjectionStore } from '../../src/projection-runner/projection-store.port';
import { ProblemException } from '../../src/http/problem';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A JSON request (no Accept: text/csv) and a reply that takes headers. */
const req = { headers: {} } as FastifyRequest;
const res = { header: () => res, type: () => res } as unknown as FastifyReply;

const status = (s: ProjectionStatus['status']): ProjectionStatus[] => [
  { name: 'dishonesty_records', version: 2, position: 10, status: s, failedPosition: null, error: null },
];

describe('GET /v1/credit/dishonesty while its read model is rebuilt', () => {
  it('answers 503 with Retry-After instead of querying the previous definition’s table', async () => {
    const queries: unknown[] = [];
    const rows = { queryRows: (...args: unknown[]) => (queries.push(args), Promise.resolve([])) } as unknown as ProjectionStore;
    let current = status('rebuilding');
    const runner = { statuses: () => Promise.resolve(current), waitFor: () => Promise.resolve(true) } as unknown as ProjectionRunner;
    const controller = new CreditRecordsController(rows, runner, () => new Date('2027-05-01T02:00:00Z'), {} as EventStore);
    const refused = await controller.dishonesty('2027-05-01', undefined, undefined, undefined, req, res).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProblemException);
    expect(refused).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', headers: { 'Retry-After': '5' } });
    expect(queries).toEqual([]);
    current = status('running');
    await expect(controller.dishonesty('2027-05-01', undefined, undefined, undefined, req, res)).resolves.toMatchObject({
      asOf: '2027-05-01',
      items: [],
    });
    expect(queries).toHaveLength(2);
  });
});
