import { compileRelease, projectIdOf, type Release } from '../../../src/disclosure/ocds/ocds';

const r = (id: string, date: string, body: object): Release => ({
  ocid: 'ocds-x-P1',
  id,
  date,
  tag: ['tender'],
  initiationType: 'tender',
  ...body,
});

describe('compileRelease (OCDS merge rules)', () => {
  it('merges oldest first whatever the input order, drops id/date/tag, and tags the result compiled', () => {
    const compiled = compileRelease([
      r('b', '2024-02-01T00:00:00Z', { tender: { id: 'T', status: 'complete' } }),
      r('a', '2024-01-01T00:00:00Z', { tender: { id: 'T', status: 'active', title: 't' } }),
    ]);
    expect(compiled).toEqual({
      ocid: 'ocds-x-P1',
      id: 'ocds-x-P1-compiled',
      date: '2024-02-01T00:00:00Z',
      tag: ['compiled'],
      initiationType: 'tender',
      tender: { id: 'T', status: 'complete', title: 't' },
    });
  });

  it('merges arrays of objects by id, replaces other arrays, and deletes a field set to null', () => {
    const compiled = compileRelease([
      r('a', '2024-01-01T00:00:00Z', {
        contracts: [{ id: 'C1', status: 'active', items: ['x'], note: 'n' }],
        parties: [{ id: 'p1', roles: ['buyer'] }],
      }),
      r('b', '2024-01-02T00:00:00Z', {
        contracts: [{ id: 'C1', status: 'terminated', items: ['y'], note: null }, { id: 'C2' }],
        parties: [{ id: 'p2', roles: ['supplier'] }],
      }),
    ]) as Release & { contracts: object[]; parties: object[] };
    expect(compiled.contracts).toEqual([{ id: 'C1', status: 'terminated', items: ['y'] }, { id: 'C2' }]);
    expect(compiled.parties).toEqual([
      { id: 'p1', roles: ['buyer'] },
      { id: 'p2', roles: ['supplier'] },
    ]);
  });

  it('does not change the releases it merges', () => {
    const a = r('a', '2024-01-01T00:00:00Z', { contracts: [{ id: 'C1', value: { amount: 1 } }] });
    const before = JSON.stringify(a);
    compileRelease([a, r('b', '2024-01-02T00:00:00Z', { contracts: [{ id: 'C1', value: { amount: 2 } }] })]);
    expect(JSON.stringify(a)).toBe(before);
  });

  it("reads the project of an ocid only under this publisher's prefix", () => {
    const settings = { ocidPrefix: 'ocds-213czf', publisher: 'p' };
    expect(projectIdOf(settings, 'ocds-213czf-P-1')).toBe('P-1');
    expect(projectIdOf(settings, 'ocds-213czf-')).toBeNull();
    expect(projectIdOf(settings, 'ocds-other-P-1')).toBeNull();
  });
});
