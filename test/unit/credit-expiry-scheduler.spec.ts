import pino from 'pino';
import type { EventBus } from '@nestjs/cqrs';
import { CreditPublicationExpiry, expiryEventId } from '../../src/credit/expiry/credit-publication-expiry.service';
import type { CorruptionLatch } from '../../src/ledger/corruption-latch';
import {
  ConcurrencyConflictError,
  type CommitResult,
  type EventStore,
  type LedgerEntry,
  type StreamWrite,
} from '../../src/ledger/event-store.port';
import type { LedgerWriter } from '../../src/ledger/ledger-writer';
import type { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import type { ProjectionStore, RowQuery } from '../../src/projection-runner/projection-store.port';
import { CONTRACTOR } from '../support/uscc';

/**
 * The expiry's own timer, with the clock and timers faked (no sleeping): nothing is appended before
 * 00:00 China Standard Time of the day after publishedUntil, and the first wake after it appends.
 */
const entry = (type: string, data: Record<string, unknown>, streamVersion: number): LedgerEntry =>
  ({
    position: streamVersion,
    streamId: `contractor-${CONTRACTOR}`,
    streamVersion,
    eventId: `e-${streamVersion}`,
    type,
    schemaVersion: type === 'DishonestyRecordPublished' ? 2 : 1,
    data,
    metadata: { actor: 't', role: 'admin', correlationId: 'c', causationId: 'c' },
    recordedAt: '2026-05-01T00:00:00Z',
    leafHash: 'h',
  }) as LedgerEntry;

describe('the expiry timer', () => {
  afterEach(() => jest.useRealTimers());

  it('wakes at 00:00 UTC+8 after publishedUntil and appends then, not a second before', async () => {
    jest.useFakeTimers({ now: new Date('2027-04-30T15:59:00.000Z') }); // 23:59 in Changchun
    const stream: LedgerEntry[] = [
      entry('ContractorRegistered', { uscc: CONTRACTOR, name: 'n', kind: 'social_organization' }, 1),
      entry(
        'DishonestyRecordPublished',
        {
          uscc: CONTRACTOR,
          penaltyId: 'pen-1',
          contractId: 'c',
          violationIds: ['v'],
          publishedAt: '2026-05-01',
          decisionNumber: null,
          legalBasis: null,
          authority: null,
          severity: 'serious',
          publicationMonths: 12,
          publishedFrom: '2026-05-01',
          publishedUntil: '2027-04-30',
        },
        2,
      ),
    ];
    const commits: StreamWrite[][] = [];
    const store = { head: () => Promise.resolve(2), readStream: () => Promise.resolve([...stream]) } as unknown as EventStore;
    // The read model as the route queries it: published records whose publishedUntil is on or before the date asked.
    const rows = {
      queryRows: (name: string, q: RowQuery) => {
        // The penalty's own row (credit_xzcf) is not the subject here: its end comes with the record's.
        if (name !== 'dishonesty_records') return Promise.resolve([]);
        const to = (q.where?.published_until as { to: string }).to;
        const ended = stream.some((e) => e.type === 'CreditPublicationEnded');
        return Promise.resolve(!ended && '2027-04-30' <= to ? [{ kind: 'record', penaltyId: 'pen-1', uscc: CONTRACTOR, position: 2 }] : []);
      },
    } as unknown as ProjectionStore;
    const runner = {
      freshnessWaitMs: 10,
      waitFor: () => Promise.resolve(true),
      statuses: () =>
        Promise.resolve([
          { name: 'dishonesty_records', status: 'running' },
          { name: 'credit_xzcf', status: 'running' },
        ]),
    } as unknown as ProjectionRunner;
    const writer = {
      commit: (writes: StreamWrite[]): Promise<CommitResult> => {
        commits.push(writes);
        const e = writes[0].events[0];
        stream.push(entry(e.type, e.data, stream.length + 1));
        return Promise.resolve({ streams: [], entries: [], position: stream.length, replayed: false });
      },
    } as unknown as LedgerWriter;
    const bus = { subscribe: () => ({ unsubscribe: () => undefined }) } as unknown as EventBus;
    const expiry = new CreditPublicationExpiry(
      store,
      rows,
      runner,
      writer,
      { assertWritable: () => undefined } as unknown as CorruptionLatch,
      () => new Date(),
      pino({ level: 'silent' }),
      bus,
    );
    expiry.onApplicationBootstrap();
    await expiry.settled();
    await jest.advanceTimersByTimeAsync(59_000); // 23:59:59
    await expiry.settled();
    expect(commits).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_000); // 00:00:00 on 2027-05-01
    await expiry.settled();
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject([
      {
        streamId: `contractor-${CONTRACTOR}`,
        expectedVersion: 2,
        events: [{ eventId: expiryEventId('pen-1'), type: 'CreditPublicationEnded', data: { penaltyId: 'pen-1', endedOn: '2027-05-01' } }],
      },
    ]);
    // The hours after: woken again, nothing more to end.
    await jest.advanceTimersByTimeAsync(3 * 3600_000);
    await expiry.settled();
    expect(commits).toHaveLength(1);
    await expiry.onApplicationShutdown();
  });
});

describe('the end of a penalty without a record, decided on its streams', () => {
  const at = (streamId: string, type: string, data: Record<string, unknown>, streamVersion: number): LedgerEntry => ({
    ...entry(type, data, streamVersion),
    streamId,
    eventId: `${streamId}-${streamVersion}`,
  });
  const PENALTY = 'penalty-pen-g';
  const CONTRACTOR_STREAM = `contractor-${CONTRACTOR}`;

  function setUp(revokeOnFirstCommit: boolean) {
    const streams = new Map<string, LedgerEntry[]>([
      [CONTRACTOR_STREAM, [at(CONTRACTOR_STREAM, 'ContractorRegistered', { uscc: CONTRACTOR, name: 'n', kind: 'social_organization' }, 1)]],
      [
        PENALTY,
        [
          {
            ...at(
              PENALTY,
              'PenaltyImposed',
              {
                penaltyId: 'pen-g',
                contractId: 'c',
                projectId: 'p',
                contractorUscc: CONTRACTOR,
                violationIds: ['v'],
                decidedAt: '2026-05-01',
                decisionNumber: 'n',
                legalBasis: 'b',
                violationType: ['breach'],
                severity: 'general',
                facts: 'f',
                penaltyCategories: ['warning'],
                content: 'c',
                authority: { name: 'a', uscc: null },
                dataSource: null,
                terminateContract: false,
                publishDishonestyRecord: false,
                publicationMonths: 3,
                publishedFrom: '2026-05-01',
                publishedUntil: '2026-07-31',
              },
              1,
            ),
            schemaVersion: 2,
          },
        ],
      ],
    ]);
    const commits: StreamWrite[][] = [];
    const store = {
      head: () => Promise.resolve(2),
      readStream: (id: string) => Promise.resolve([...(streams.get(id) ?? [])]),
    } as unknown as EventStore;
    const rows = {
      queryRows: (name: string) =>
        Promise.resolve(name === 'credit_xzcf' ? [{ kind: 'penalty', penaltyId: 'pen-g', uscc: CONTRACTOR }] : []),
    } as unknown as ProjectionStore;
    const runner = {
      freshnessWaitMs: 10,
      waitFor: () => Promise.resolve(true),
      statuses: () =>
        Promise.resolve([
          { name: 'dishonesty_records', status: 'running' },
          { name: 'credit_xzcf', status: 'running' },
        ]),
    } as unknown as ProjectionRunner;
    const writer = {
      commit: (writes: StreamWrite[]): Promise<CommitResult> => {
        commits.push(writes);
        const penalty = streams.get(PENALTY)!;
        if (revokeOnFirstCommit && commits.length === 1) {
          // A revocation lands between the read and the append: the penalty stream's guard refuses it.
          const revokedData = { penaltyId: 'pen-g', contractId: 'c', contractorUscc: CONTRACTOR, decidedAt: '2026-07-01', reason: 'r' };
          penalty.push(at(PENALTY, 'PenaltyRevoked', revokedData, 2));
          return Promise.reject(new ConcurrencyConflictError(PENALTY, 1, 2));
        }
        return Promise.resolve({ streams: [], entries: [], position: 3, replayed: false });
      },
    } as unknown as LedgerWriter;
    const bus = { subscribe: () => ({ unsubscribe: () => undefined }) } as unknown as EventBus;
    const expiry = new CreditPublicationExpiry(
      store,
      rows,
      runner,
      writer,
      { assertWritable: () => undefined } as unknown as CorruptionLatch,
      () => new Date('2026-07-31T16:00:00.000Z'), // 00:00 on 2026-08-01 in Changchun
      pino({ level: 'silent' }),
      bus,
    );
    return { expiry, commits };
  }

  it('appends on the contractor stream and guards the penalty stream at the version it read', async () => {
    const { expiry, commits } = setUp(false);
    expect(await expiry.sweep()).toMatchObject({ today: '2026-08-01', penaltiesDue: 1, appended: 1, complete: true });
    expect(commits).toEqual([
      [
        {
          streamId: CONTRACTOR_STREAM,
          expectedVersion: 1,
          events: [
            {
              eventId: expiryEventId('pen-g'),
              type: 'CreditPublicationEnded',
              schemaVersion: 1,
              data: { penaltyId: 'pen-g', uscc: CONTRACTOR, endedOn: '2026-08-01', reason: 'period_elapsed' },
              metadata: { actor: 'system', role: 'system', correlationId: expiryEventId('pen-g'), causationId: `${PENALTY}-1` },
            },
          ],
        },
        { streamId: PENALTY, expectedVersion: 1, events: [] },
      ],
    ]);
  });

  it('decides again when the penalty was revoked meanwhile, and then appends nothing', async () => {
    const { expiry, commits } = setUp(true);
    expect(await expiry.sweep()).toMatchObject({ penaltiesDue: 1, appended: 0 });
    expect(commits).toHaveLength(1);
  });
});
