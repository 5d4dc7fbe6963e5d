import { expect } from '@jest/globals';
import { FiscalYearPipe, RegionCodePipe } from '../../src/http/params';
import { ProblemException } from '../../src/http/problem';

/** One region rule and one fiscal-year rule for every route (issue 13), with the path of the parameter refused. */
describe('RegionCodePipe and FiscalYearPipe', () => {
  const refusal = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e instanceof ProblemException ? { status: e.status, errors: e.errors } : e;
    }
    return 'accepted';
  };

  it('take a 6-digit region code in the path or the query', () => {
    const pipe = new RegionCodePipe();
    expect(pipe.transform('220102', { type: 'param', data: 'region' })).toBe('220102');
    expect(refusal(() => pipe.transform('22010', { type: 'param', data: 'region' }))).toEqual({
      status: 400,
      errors: [{ path: 'params.region', message: 'must be a 6-digit administrative division code (GB/T 2260)' }],
    });
    expect(refusal(() => pipe.transform('022010', { type: 'query', data: 'region' }))).toEqual({
      status: 400,
      errors: [{ path: 'query.region', message: expect.any(String) }],
    });
  });

  it('take a fiscal year from 2000 to 2100 as a number, and say when it is missing', () => {
    const pipe = new FiscalYearPipe();
    expect(pipe.transform('2024', { type: 'param', data: 'fiscalYear' })).toBe(2024);
    expect(pipe.transform('2100', { type: 'query', data: 'fiscalYear' })).toBe(2100);
    for (const bad of ['1999', '2101', '24', '2024.0', ' 2024']) {
      expect(refusal(() => pipe.transform(bad, { type: 'query', data: 'fiscalYear' }))).toEqual({
        status: 400,
        errors: [{ path: 'query.fiscalYear', message: 'must be a year from 2000 to 2100' }],
      });
    }
    expect(refusal(() => pipe.transform(undefined, { type: 'query', data: 'fiscalYear' }))).toEqual({
      status: 400,
      errors: [{ path: 'query.fiscalYear', message: 'is required' }],
    });
  });
});
