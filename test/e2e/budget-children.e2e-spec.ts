import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf } from '../support/bodies';
import { expectCreated, fund, post, project } from '../support/lifecycle';

interface Children {
  region: string;
  fiscalYear: number;
  children: { region: string; fundBase: number; cap: number; reserved: number; committed: number; paid: number; remaining: number }[];
}

/**
 * GET /v1/disclosure/budgets/:region/:fiscalYear/children: a province's cities and a city's counties that have a
 * budget that year (funds or projects, theirs or below them), each with its own public figures; so the portal can
 * walk from a province to a county.
 */
function childrenSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let head: number;
  const children = async (path: string): Promise<Children> =>
    bodyOf<Children>(await t.http.get(`/v1/disclosure/budgets/${path}/children`).query({ minPosition: head }).expect(200));

  beforeAll(async () => {
    t = await startTestApp(kind);
    const funds: [string, number, number][] = [
      ['220100', 2024, 1_000_000_000],
      ['220200', 2024, 2_000_000_000],
      ['220102', 2024, 500_000_000],
      // A county whose city (220500) has no row of its own: the city is listed, under the province, by it.
      ['220581', 2024, 300_000_000],
      ['220104', 2024, 400_000_000],
      // Another year and another province: not children of 220000 in 2024.
      ['220300', 2023, 700_000_000],
      ['210100', 2024, 900_000_000],
    ];
    for (const [region, fiscalYear, amount] of funds)
      await expectCreated(post(t, '/v1/funds', fund({ region, fiscalYear, amount, reference: `SENTINEL-REF ${region}` })));
    // A project reserves its budget in its region-year: 220104's figures show it.
    await expectCreated(
      post(t, '/v1/projects', project({ projectId: 'cy-2024-001', region: '220104', budget: 4_000_000 }), KEYS.purchaserJilin),
    );
    head = await t.store.head();
  });
  afterAll(async () => t.close());

  it("lists a province's cities with a budget that year, each with its own figures", async () => {
    const body = await children('220000/2024');
    expect(body).toMatchObject({ region: '220000', fiscalYear: 2024 });
    expect(body.children.map((c) => c.region)).toEqual(['220100', '220200', '220500']);
    expect(body.children[0]).toEqual({
      region: '220100',
      fiscalYear: 2024,
      policyId: expect.any(String) as unknown,
      capRule: expect.any(String) as unknown,
      fundBaseYear: 2024,
      fundBase: 1_000_000_000,
      cap: 20_000_000,
      reserved: 0,
      committed: 0,
      paid: 0,
      remaining: 20_000_000,
    });
    // 220500's own row is empty: its figures are its own, not its counties' sum.
    expect(body.children[2]).toMatchObject({ region: '220500', fundBase: 0, cap: 0, reserved: 0 });
    // Figures only: no fund references.
    expect(JSON.stringify(body)).not.toContain('SENTINEL-REF');
  });

  it("lists a city's counties with their figures; a county has none", async () => {
    const body = await children('220100/2024');
    expect(body.children.map((c) => c.region)).toEqual(['220102', '220104']);
    expect(body.children[1]).toMatchObject({
      region: '220104',
      fundBase: 400_000_000,
      cap: 8_000_000,
      reserved: 4_000_000,
      remaining: 4_000_000,
    });
    expect((await children('220102/2024')).children).toEqual([]);
  });

  it('answers an empty list for a region-year with nothing recorded, and 400 for a malformed region or year', async () => {
    expect(await children('220000/2025')).toEqual({ region: '220000', fiscalYear: 2025, children: [] });
    expect((await children('220000/2023')).children.map((c) => c.region)).toEqual(['220300']);
    const bad = await t.http.get('/v1/disclosure/budgets/2200/2024/children').expect(400);
    expect(bodyOf<{ code: string }>(bad).code).toBe('VALIDATION_FAILED');
    await t.http.get('/v1/disclosure/budgets/220000/1999/children').expect(400);
  });
}

describe('budget children of a region-year [sqlite]', () => childrenSuite('sqlite'));
describePostgres('budget children of a region-year', () => childrenSuite('postgres'));
