import { expect } from '@jest/globals';
import { addDays } from '../../../src/shared/domain/dates';
import {
  CREDIT_2019,
  CREDIT_2023,
  CREDIT_2026,
  CREDIT_POLICY_PACKS,
  creditPolicyFor,
  type CreditPolicyPack,
  capOf,
  fundBaseYear,
  INNER_MONGOLIA_2023,
  JILIN_2020,
  NATIONAL_DEFAULT,
  POLICY_PACKS,
  policyFor,
  type PolicyPack,
} from '../../../src/policy';
import { yuan } from '../../../src/shared/domain/money';

describe('policy packs as data, as of a date', () => {
  it('picks the province pack in force, else the national default', () => {
    expect(policyFor('220100', '2024-03-01').id).toBe('jl-2020');
    expect(policyFor('220000', '2020-09-18').id).toBe('jl-2020'); // first day in force (000 §六: 自印发之日起执行)
    expect(policyFor('220100', '2020-09-17').id).toBe('cn-default-2012');
    expect(policyFor('150100', '2023-02-22').id).toBe('nm-2023');
    expect(policyFor('150100', '2023-02-21').id).toBe('cn-default-2012');
    expect(policyFor('440300', '2024-03-01').id).toBe('cn-default-2012');
    expect(() => policyFor('220100', '2012-11-13')).toThrow(
      expect.objectContaining({ code: 'DATE_OUT_OF_ORDER', detail: expect.stringContaining('take effect on 2012-11-14') }),
    );
  });

  it('carries the parameters of DOMAIN.md: 2% cap, base year, IM methods, terms, purposes', () => {
    expect(fundBaseYear(JILIN_2020, 2024)).toBe(2024);
    expect(fundBaseYear(INNER_MONGOLIA_2023, 2024)).toBe(2023);
    expect(fundBaseYear(NATIONAL_DEFAULT, 2024)).toBe(2024);
    expect(capOf(JILIN_2020, yuan(50_000_000))).toBe(yuan(1_000_000));
    expect(capOf(JILIN_2020, 4999)).toBe(99); // floored to the fen
    expect(INNER_MONGOLIA_2023.methods.public_tender?.minAmount).toBe(yuan(4_000_000));
    expect(INNER_MONGOLIA_2023.methods.invited_tender).toBeUndefined();
    expect(INNER_MONGOLIA_2023.procurementThreshold).toBe(yuan(1_000_000));
    for (const pack of POLICY_PACKS) {
      expect(pack.budgetCap.basisPoints).toBe(200);
      expect(pack.methods.single_source?.requiresJustification).toBe(true);
      expect(pack.contractTerm).toMatchObject({ months: 12, extendedMonths: 36 });
      expect(pack.catalogue).toContain('service.care');
      expect(pack.catalogue.some((c) => c.startsWith('prohibited.'))).toBe(false);
      expect(Object.isFrozen(pack.methods)).toBe(true);
    }
    // 003 §一(一) is Inner Mongolia's; the Jilin seeds and the national default's source name no prohibited purpose.
    expect(Object.keys(INNER_MONGOLIA_2023.prohibitedPurposes).sort()).toEqual([
      'construction',
      'equipment',
      'operating_expenses',
      'salaries',
    ]);
    expect(JILIN_2020.prohibitedPurposes).toEqual({});
    expect(NATIONAL_DEFAULT.prohibitedPurposes).toEqual({});
  });

  it('a later pack does not change the judgement of an earlier date', () => {
    // A hypothetical 2025 Inner Mongolia revision raising the threshold replaces nm-2023 from 2025-01-01.
    const nm2023: PolicyPack = { ...INNER_MONGOLIA_2023, effectiveTo: '2024-12-31' };
    const nm2025: PolicyPack = {
      ...INNER_MONGOLIA_2023,
      id: 'nm-2025',
      effectiveFrom: '2025-01-01',
      procurementThreshold: yuan(2_000_000),
    };
    const packs = [NATIONAL_DEFAULT, JILIN_2020, nm2023, nm2025];
    expect(policyFor('150100', '2024-12-31', packs)).toBe(nm2023);
    expect(policyFor('150100', '2024-12-31', packs).procurementThreshold).toBe(yuan(1_000_000));
    expect(policyFor('150100', '2025-01-01', packs).id).toBe('nm-2025');
    expect(policyFor('150100', '2022-06-30', packs)).toBe(NATIONAL_DEFAULT);
    // and Jilin is untouched by either
    expect(policyFor('220100', '2025-06-01', packs)).toBe(JILIN_2020);
  });
});

describe('credit policy packs: publication bounds as of the decision date', () => {
  it('picks the pack in force on the decision date, first and last days included', () => {
    expect(creditPolicyFor('2019-07-01').id).toBe('cn-credit-2019');
    expect(creditPolicyFor('2023-04-30').id).toBe('cn-credit-2019');
    expect(creditPolicyFor('2023-05-01').id).toBe('cn-credit-2023');
    expect(creditPolicyFor('2026-03-31').id).toBe('cn-credit-2023');
    expect(creditPolicyFor('2026-04-01').id).toBe('cn-credit-2026');
    expect(creditPolicyFor('2031-01-01').id).toBe('cn-credit-2026');
    expect(() => creditPolicyFor('2019-06-30')).toThrow(/^DATE_OUT_OF_ORDER: .*takes effect on 2019-07-01/);
  });

  it('carries the bounds of the texts, each with its source; minor is never published', () => {
    const months = (p: CreditPolicyPack) =>
      Object.fromEntries(Object.entries(p.publication).map(([s, b]) => [s, b && [b.minMonths, b.maxMonths]]));
    expect(months(CREDIT_2019)).toEqual({ minor: null, general: [3, 12], serious: [6, 36] });
    expect(months(CREDIT_2023)).toEqual({ minor: null, general: [3, 36], serious: [3, 36] });
    expect(months(CREDIT_2026)).toEqual({ minor: null, general: [3, 12], serious: [12, 36] });
    expect(CREDIT_2026.publication.serious?.source).toContain('国家发展改革委令第36号');
    expect(CREDIT_2019.publication.general?.source).toContain('发改办财金〔2019〕527号');
    expect(CREDIT_2023.publication.general?.source).toContain('第58号');
  });

  it('the packs do not overlap and leave no gap from the first one on', () => {
    const sorted = [...CREDIT_POLICY_PACKS].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    sorted.slice(1).forEach((pack, i) => expect(addDays(sorted[i].effectiveTo!, 1)).toBe(pack.effectiveFrom));
    expect(sorted[sorted.length - 1].effectiveTo).toBeUndefined();
  });
});
