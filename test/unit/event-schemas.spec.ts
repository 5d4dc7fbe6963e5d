import { expect } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { CURRENT_SCHEMA_VERSION } from '../../events';
import schemas from '../../events/event-schemas.json';
import { eventSchemaProblems, MalformedEventError } from '../../src/ledger/event-schema-guard';
import type { EventStore, NewEvent } from '../../src/ledger/event-store.port';
import { openStore } from '../../src/ledger/open-store';
import { SchemaGuardedEventStore } from '../../src/ledger/schema-guarded-event-store';
import { toProblem } from '../../src/http/problem-details.filter';
import { COMPLETION_C2, P1_HISTORY, P2_UNANNOUNCED, REPAIR, REVOCATION } from '../projections/fixtures/lifecycle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateEventSchemas, OUTPUT } = require('../../scripts/event-schemas.js') as {
  generateEventSchemas: () => string;
  OUTPUT: string;
};

const purchaser = { code: '220100000000', name: '长春市民政局' };
const registered = {
  projectId: 'P1',
  region: '220100',
  fiscalYear: 2024,
  purchaser,
  title: '家计调查',
  category: 'affairs.means_test',
  budget: 80_000_000,
  registeredOn: '2024-03-01',
  policyId: 'jilin-2020',
};
const event = (data: unknown, over: Partial<NewEvent> = {}): NewEvent => ({
  eventId: 'e-1',
  type: 'ProjectRegistered',
  schemaVersion: 2,
  data: data as NewEvent['data'],
  metadata: { actor: 'key:t', role: 'admin', correlationId: 'c', causationId: 'c' },
  ...over,
});

describe('event schemas generated from events/', () => {
  it('are the committed events/event-schemas.json (run `npm run schemas` after changing an event type)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generateEventSchemas());
  }, 60_000);

  it('cover every event type of the catalogue', () => {
    expect(Object.keys(schemas.definitions.EventSchemas.properties.data.properties).sort()).toEqual(
      Object.keys(CURRENT_SCHEMA_VERSION).sort(),
    );
  });

  it('accept every event of the projection fixtures (a realistic history)', () => {
    for (const e of [...P1_HISTORY, ...P2_UNANNOUNCED, ...REVOCATION, ...REPAIR, ...COMPLETION_C2]) {
      expect({ type: e.type, problems: eventSchemaProblems(e) }).toEqual({ type: e.type, problems: [] });
    }
  });

  it.each([
    [
      'a purchaser stored as {} (the issue 11 defect)',
      { ...registered, purchaser: {} },
      "data/purchaser must have required property 'code'",
    ],
    ['a purchaser that is an array', { ...registered, purchaser: [purchaser] }, 'data/purchaser must be object'],
    ['fractional money', { ...registered, budget: 1.5 }, 'data/budget must be integer'],
    ['negative money', { ...registered, budget: -1 }, 'data/budget must be >= 0'],
    ['money as a string', { ...registered, budget: '100' }, 'data/budget must be integer'],
    ['a date that is not YYYY-MM-DD', { ...registered, registeredOn: '2024-3-1' }, 'data/registeredOn must match pattern'],
    ['a region that is not 6 digits', { ...registered, region: '22' }, 'data/region must match pattern'],
    ['a fiscal year that is not a year', { ...registered, fiscalYear: 24.5 }, 'data/fiscalYear must be integer'],
    ['a field the type does not have', { ...registered, approvedBy: 'me' }, 'data must NOT have additional properties (approvedBy)'],
    ['a missing field', { ...registered, title: undefined }, "data must have required property 'title'"],
  ])('refuse %s', (_name, data, problem) => {
    expect(eventSchemaProblems(event(JSON.parse(JSON.stringify(data))))).toEqual(
      expect.arrayContaining([expect.stringContaining(problem)]),
    );
  });

  it('refuse a malformed private part, an unknown type and an old schemaVersion', () => {
    expect(eventSchemaProblems(event(registered, { private: { recipients: [{}] } as unknown as NewEvent['private'] }))[0]).toContain(
      'private/recipients/0 must have required property',
    );
    expect(eventSchemaProblems(event({}, { type: 'ProjectRenamed' }))).toEqual([
      'type "ProjectRenamed" is not in the event catalogue (events/)',
    ]);
    expect(eventSchemaProblems(event({}, { type: 'FundAllocated', schemaVersion: 1 }))).toEqual(['schemaVersion 1 is not the current 2']);
  });
});

describe('the store guard', () => {
  let dir: string;
  let inner: EventStore;
  let guarded: SchemaGuardedEventStore;
  const logged: unknown[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-guard-'));
    inner = await openStore({ kind: 'sqlite', file: join(dir, 'ledger.db') });
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    guarded = new SchemaGuardedEventStore(inner, logger);
  });
  afterAll(async () => {
    await guarded.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends nothing of a commit with one malformed event, logs it as a bug, and is a 500 to the caller', async () => {
    const good = event(registered, { eventId: 'e-good' });
    const bad = event({ ...registered, purchaser: {} }, { eventId: 'e-bad' });
    const attempt = guarded.commit([
      { streamId: 'project-P1', events: [good], expectedVersion: 'no_stream' },
      { streamId: 'project-P2', events: [bad], expectedVersion: 'no_stream' },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(MalformedEventError);
    expect(await inner.head()).toBe(0);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 50,
        bug: true,
        eventType: 'ProjectRegistered',
        msg: expect.stringMatching(
          /^BUG: refused to append a malformed ProjectRegistered event: project-P2 e-bad: data\/purchaser must have required property 'code'/,
        ),
      }),
    ]);
    const problem = toProblem(await attempt.catch((e: unknown) => e));
    expect({ status: problem.status, code: problem.code }).toEqual({ status: 500, code: 'INTERNAL_ERROR' });
  });

  it('lets a well-formed commit through, append included', async () => {
    const result = await guarded.append('project-P1', [event(registered, { eventId: 'e-ok' })], { expectedVersion: 'no_stream' });
    expect(result.position).toBe(1);
    await expect(
      guarded.append('project-P9', [event({ ...registered, budget: 0.5 }, { eventId: 'e-frac' })], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(MalformedEventError);
    expect(await inner.head()).toBe(1);
  });
});
