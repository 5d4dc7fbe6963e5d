import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import { award, contract, expectCreated, penaltyDecision, post, registeredProject, tender } from '../support/lifecycle';

/**
 * If-Match guards the resource named in the path (issue 15): signing under /v1/projects/:projectId guards the
 * project (the ETag the award returned), a penalty under /v1/contracts/:contractId guards the contract.
 */
function ifMatchSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  const key = KEYS.purchaserJilin;
  let awardETag: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await registeredProject(t);
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), key));
    awardETag = (await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), key))).headers.etag;
  });
  afterAll(async () => t.close());

  const refusedAsStale = async (path: string, body: unknown, ifMatch: string): Promise<void> => {
    const head = await t.store.head();
    const res = await post(t, path, body, key, { 'If-Match': ifMatch });
    expect({ status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ status: 409, code: 'CONCURRENCY_CONFLICT' });
    expect(await t.store.head()).toEqual(head);
  };

  it('signing: the award ETag is the project version; a stale one is refused, the current one signs', async () => {
    expect(awardETag).toBe('"3"'); // ProjectRegistered, TenderPublished, ContractorAwarded
    // "0" was the new contract stream's version: before the fix it was what If-Match was checked against.
    await refusedAsStale('/v1/projects/cc-2024-001/contracts', contract(), '"0"');
    await refusedAsStale('/v1/projects/cc-2024-001/contracts', contract(), '"2"');
    const signed = await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(), key, { 'If-Match': awardETag }));
    expect(bodyOf<{ streamId: string }>(signed).streamId).toBe('contract-cc-2024-001-c1');
    expect(signed.headers.etag).toBe('"1"');
  });

  it('penalty: If-Match guards the contract of the path, not the new penalty stream', async () => {
    await expectCreated(
      post(
        t,
        '/v1/contracts/cc-2024-001-c1/violations',
        { violationId: 'v-1', kind: 'breach', severity: 'general', occurredAt: '2024-05-01', description: '未按约定频次上门' },
        key,
      ),
    );
    const body = { penaltyId: 'pen-1', violationIds: ['v-1'], decidedAt: '2024-05-10', ...penaltyDecision() };
    await refusedAsStale('/v1/contracts/cc-2024-001-c1/penalties', body, '"0"');
    await refusedAsStale('/v1/contracts/cc-2024-001-c1/penalties', body, '"1"');
    const imposed = await expectCreated(post(t, '/v1/contracts/cc-2024-001-c1/penalties', body, key, { 'If-Match': '"2"' }));
    expect(bodyOf<{ streamId: string }>(imposed).streamId).toBe('penalty-pen-1');
  });
}

describe('If-Match guards the path resource [sqlite]', () => ifMatchSuite('sqlite'));
describePostgres('If-Match guards the path resource', () => ifMatchSuite('postgres'));
