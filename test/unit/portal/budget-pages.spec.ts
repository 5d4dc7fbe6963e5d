import { describe, expect, it } from '@jest/globals';
import { childRegion } from '../../../src/budgets/queries/disclosed-budget';
import { sizeClass } from '../../../src/portal/budgets/budget-chart';
import { regionYears } from '../../../src/portal/budgets/budget-index.page';
import { parentRegion, regionPath, share } from '../../../src/portal/budgets/regions';

describe('budget pages: regions, bar sizes and region-years', () => {
  it("childRegion: a province's child is the city a code lies in, a city's the county itself; none for a county", () => {
    expect(childRegion('220000', '220100')).toBe('220100');
    expect(childRegion('220000', '220102')).toBe('220100');
    expect(childRegion('220000', '220581')).toBe('220500');
    expect(childRegion('220000', '220000')).toBeNull();
    expect(childRegion('220000', '210100')).toBeNull();
    expect(childRegion('220100', '220102')).toBe('220102');
    expect(childRegion('220100', '220202')).toBeNull();
    expect(childRegion('220102', '220102')).toBeNull();
  });

  it('sizeClass: whole percents of the largest value, at least 1 for any value above zero, at most 100', () => {
    expect(sizeClass(100, 100)).toBe('size-100');
    expect(sizeClass(37, 100)).toBe('size-37');
    expect(sizeClass(1, 1_000_000)).toBe('size-1');
    expect(sizeClass(0, 100)).toBe('size-0');
    expect(sizeClass(5, 0)).toBe('size-0');
    expect(sizeClass(150, 100)).toBe('size-100');
  });

  it('parentRegion and regionPath walk up county → city → province', () => {
    expect(parentRegion('220102')).toBe('220100');
    expect(parentRegion('220100')).toBe('220000');
    expect(parentRegion('220000')).toBeNull();
    expect(regionPath('220102')).toEqual(['220000', '220100', '220102']);
  });

  it('share: one decimal, a dash when the whole is zero', () => {
    expect(share(425_000, 1_000_000)).toBe('42.5%');
    expect(share(1, 0)).toBe('—');
  });

  it('regionYears: newest year first, the regions above each project included, each once', () => {
    expect(
      regionYears([
        { region: '220102', fiscalYear: 2023 },
        { region: '220200', fiscalYear: 2024 },
        { region: '220100', fiscalYear: 2024 },
        { region: '220100', fiscalYear: 2024 },
      ]),
    ).toEqual([
      { fiscalYear: 2024, regions: ['220000', '220100', '220200'] },
      { fiscalYear: 2023, regions: ['220000', '220100', '220102'] },
    ]);
  });
});
