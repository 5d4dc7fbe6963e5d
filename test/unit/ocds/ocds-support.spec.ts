import { ocdsValidators } from '../../support/ocds-schemas';
import { compileRelease } from '../../support/ocds-merge';

const OCID = 'ocds-abc123-0001';

function release(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ocid: OCID,
    id: `${OCID}-r1`,
    date: '2024-01-15T10:00:00Z',
    tag: ['planning'],
    initiationType: 'tender',
    ...overrides,
  };
}

function releasePackage(releases: unknown[] = [release()]): Record<string, unknown> {
  return {
    uri: 'https://example.org/ocds/releases/ocds-abc123-0001.json',
    publisher: { name: 'Example Ministry' },
    publishedDate: '2024-01-16T00:00:00Z',
    version: '1.1',
    releases,
  };
}

function recordPackage(recordOverrides: Record<string, unknown> = {}): Record<string, unknown> {
  const r1 = release();
  const r2 = release({
    id: `${OCID}-r2`,
    date: '2024-02-01T09:30:00+01:00',
    tag: ['tender'],
    tender: { id: 't1', value: { amount: 1000, currency: 'EUR' } },
  });
  return {
    uri: 'https://example.org/ocds/records/ocds-abc123-0001.json',
    publisher: { name: 'Example Ministry', uri: 'https://example.org' },
    publishedDate: '2024-02-02T00:00:00Z',
    version: '1.1',
    records: [
      {
        ocid: OCID,
        releases: [r1, r2],
        compiledRelease: compileRelease([r1, r2], `${OCID}-compiled`),
        ...recordOverrides,
      },
    ],
  };
}

describe('ocdsValidators', () => {
  const v = ocdsValidators();

  it('is memoised', () => {
    expect(ocdsValidators()).toBe(v);
  });

  it('accepts a minimal valid release package', () => {
    expect(v.releasePackage(releasePackage())).toEqual([]);
    expect(v.release(release())).toEqual([]);
  });

  it('rejects an unknown tag', () => {
    const errors = v.releasePackage(releasePackage([release({ tag: ['nonsense'] })]));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/\/releases\/0\/tag\/0/);
  });

  it('rejects a release without ocid', () => {
    const r = release();
    delete r['ocid'];
    expect(v.releasePackage(releasePackage([r])).join('\n')).toMatch(/ocid/);
    expect(v.release(r)).not.toEqual([]);
  });

  it('rejects an amount given as a string', () => {
    const r = release({ tender: { id: 't1', value: { amount: '1000', currency: 'EUR' } } });
    expect(v.releasePackage(releasePackage([r])).join('\n')).toMatch(/tender\/value\/amount/);
  });

  it('rejects bad package metadata (formats, publisher, version, empty releases)', () => {
    expect(v.releasePackage({ ...releasePackage(), publishedDate: '2024-01-16' })).not.toEqual([]);
    expect(v.releasePackage({ ...releasePackage(), uri: 'not a uri' })).not.toEqual([]);
    expect(v.releasePackage({ ...releasePackage(), publisher: 'Example Ministry' })).not.toEqual([]);
    expect(v.releasePackage({ ...releasePackage(), publisher: {} })).not.toEqual([]);
    expect(v.releasePackage({ ...releasePackage(), version: '1.1.5' })).not.toEqual([]);
    expect(v.releasePackage(releasePackage([]))).not.toEqual([]);
    expect(v.release(release({ initiationType: 'direct' }))).not.toEqual([]);
    expect(v.release(release({ date: 'yesterday' }))).not.toEqual([]);
  });

  it('accepts a minimal valid record package with embedded releases and a compiled release', () => {
    expect(v.recordPackage(recordPackage())).toEqual([]);
  });

  it('accepts a record package with linked releases and no compiledRelease', () => {
    const pkg = recordPackage({
      releases: [{ url: 'https://example.org/ocds/releases/x.json#r1', date: '2024-01-15T10:00:00Z', tag: ['planning'] }],
      compiledRelease: undefined,
    });
    const records = pkg['records'] as Record<string, unknown>[];
    delete records[0]['compiledRelease'];
    expect(v.recordPackage(pkg)).toEqual([]);
  });

  it('rejects broken record packages', () => {
    expect(v.recordPackage(recordPackage({ ocid: undefined, releases: undefined }))).not.toEqual([]);
    const badCompiled = recordPackage({ compiledRelease: { ocid: OCID, id: 'c', date: '2024-02-01T00:00:00Z', tag: ['compiled'] } });
    expect(v.recordPackage(badCompiled).join('\n')).toMatch(/initiationType/);
    expect(v.recordPackage(recordPackage({ releases: [release({ tag: ['nonsense'] })] }))).not.toEqual([]);
    const { records: _records, ...noRecords } = recordPackage();
    expect(v.recordPackage(noRecords)).not.toEqual([]);
    // a release package is not a record package
    expect(v.recordPackage(releasePackage())).not.toEqual([]);
  });
});

describe('compileRelease', () => {
  it('drops id/date/tag, sets compiled id/date/tag and keeps ocid', () => {
    const out = compileRelease([release({ buyer: { id: 'b', name: 'Buyer' } })], 'X-compiled');
    expect(out).toEqual({
      id: 'X-compiled',
      date: '2024-01-15T10:00:00Z',
      tag: ['compiled'],
      ocid: OCID,
      initiationType: 'tender',
      buyer: { id: 'b', name: 'Buyer' },
    });
  });

  it('null deletes a field (nested and top-level)', () => {
    const r1 = release({ tender: { id: 't', title: 'T', description: 'D' }, language: 'en' });
    const r2 = release({ id: 'r2', date: '2024-02-01T00:00:00Z', tender: { description: null }, language: null });
    const out = compileRelease([r1, r2], 'c');
    expect(out.tender).toEqual({ id: 't', title: 'T' });
    expect('language' in out).toBe(false);
    // null in a field never seen before does not appear either
    expect(compileRelease([release({ planning: { rationale: null } })], 'c')).toMatchObject({ planning: {} });
  });

  it('merges arrays of objects by id, appending new ids in order', () => {
    const r1 = release({
      parties: [
        { id: 'p1', name: 'One', roles: ['buyer'] },
        { id: 'p2', name: 'Two', roles: ['supplier'] },
      ],
    });
    const r2 = release({
      id: 'r2',
      date: '2024-02-01T00:00:00Z',
      parties: [
        { id: 'p3', name: 'Three' },
        { id: 'p1', roles: ['buyer', 'payer'], address: { locality: 'X' } },
      ],
      contracts: [{ id: 'c1', awardID: 'a1', implementation: { transactions: [{ id: 'tx1', value: { amount: 1 } }] } }],
    });
    const r3 = release({
      id: 'r3',
      date: '2024-03-01T00:00:00Z',
      contracts: [
        {
          id: 'c1',
          implementation: {
            transactions: [
              { id: 'tx2', value: { amount: 2 } },
              { id: 'tx1', value: { amount: 10 } },
            ],
          },
        },
      ],
    });
    const out = compileRelease([r1, r2, r3], 'c');
    expect(out.parties).toEqual([
      { id: 'p1', name: 'One', roles: ['buyer', 'payer'], address: { locality: 'X' } },
      { id: 'p2', name: 'Two', roles: ['supplier'] },
      { id: 'p3', name: 'Three' },
    ]);
    expect(out.contracts).toEqual([
      {
        id: 'c1',
        awardID: 'a1',
        implementation: {
          transactions: [
            { id: 'tx1', value: { amount: 10 } },
            { id: 'tx2', value: { amount: 2 } },
          ],
        },
      },
    ]);
  });

  it('scalar arrays replace, arrays of objects without ids replace, wholeListMerge arrays replace', () => {
    const r1 = release({
      tender: { id: 't', submissionMethod: ['electronicSubmission', 'written'] },
      buyer: {
        id: 'b',
        additionalIdentifiers: [
          { scheme: 'S', id: '1' },
          { scheme: 'S', id: '2' },
        ],
      },
      relatedProcesses: [{ title: 'no id', relationship: ['parent'] }],
    });
    const r2 = release({
      id: 'r2',
      date: '2024-02-01T00:00:00Z',
      tender: { submissionMethod: ['inPerson'] },
      buyer: { additionalIdentifiers: [{ scheme: 'S', id: '3' }] },
      relatedProcesses: [{ title: 'other' }],
    });
    const out = compileRelease([r1, r2], 'c') as { tender: unknown; buyer: { additionalIdentifiers: unknown }; relatedProcesses: unknown };
    expect(out.tender).toEqual({ id: 't', submissionMethod: ['inPerson'] });
    expect(out.buyer.additionalIdentifiers).toEqual([{ scheme: 'S', id: '3' }]);
    expect(out.relatedProcesses).toEqual([{ title: 'other' }]);
  });

  it('orders releases by date (stable for equal dates) and uses the latest date', () => {
    const late = release({ id: 'late', date: '2024-03-01T00:00:00Z', tender: { id: 't', title: 'late' } });
    const early = release({ id: 'early', date: '2024-01-01T00:00:00Z', tender: { id: 't', title: 'early', status: 'planned' } });
    const sameA = release({ id: 'a', date: '2024-02-01T00:00:00Z', tender: { id: 't', status: 'active' } });
    const sameB = release({ id: 'b', date: '2024-02-01T00:00:00Z', tender: { id: 't', status: 'complete' } });
    const out = compileRelease([late, sameA, early, sameB], 'c');
    expect(out.date).toBe('2024-03-01T00:00:00Z');
    expect(out.tender).toEqual({ id: 't', title: 'late', status: 'complete' });
    const swapped = compileRelease([sameB, sameA], 'c') as { tender: { status: unknown } };
    expect(swapped.tender.status).toBe('active');
  });

  it('does not mutate its inputs', () => {
    const r1 = release({ parties: [{ id: 'p1', name: 'One', roles: ['buyer'] }], tender: { id: 't', title: 'x' } });
    const r2 = release({ id: 'r2', date: '2024-01-01T00:00:00Z', parties: [{ id: 'p1', name: null }], tender: { title: null } });
    const input = [r1, r2];
    const snapshot = structuredClone(input);
    const out = compileRelease(input, 'c') as { parties: { name: string }[] };
    expect(input).toEqual(snapshot);
    out.parties[0].name = 'changed';
    expect(input).toEqual(snapshot);
  });

  it('produces a compiled release that validates against the release schema', () => {
    const r1 = release({ parties: [{ id: 'p1', name: 'One', roles: ['buyer'] }], buyer: { id: 'p1', name: 'One' } });
    const r2 = release({
      id: 'r2',
      date: '2024-02-01T00:00:00Z',
      tag: ['tender'],
      tender: { id: 't', value: { amount: 5, currency: 'USD' } },
    });
    expect(ocdsValidators().release(compileRelease([r1, r2], `${OCID}-compiled`))).toEqual([]);
  });
});
