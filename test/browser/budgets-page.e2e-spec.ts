import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { DisclosedBudget } from '../../src/budgets/queries/disclosed-budget';
import { yuan } from '../../src/portal/views/format';
import { bodyOf } from '../support/bodies';
import { describeBrowser, launchBrowser, pageWeight, screenshot, startPortal, type PortalServer } from './support/browser';
import { CLOCK, SENTINELS, seedPortal } from './support/portal-seed';

describeBrowser('portal: the budget pages at /budgets', () => {
  let server: PortalServer;
  let browser: Browser;
  let page: Page;
  let changchun: DisclosedBudget;
  let categoryName: string;
  beforeAll(async () => {
    server = await startPortal(CLOCK);
    await seedPortal(server.t);
    const head = await server.t.store.head();
    changchun = bodyOf<DisclosedBudget>(
      await server.t.http.get('/v1/disclosure/budgets/220100/2024').query({ minPosition: head }).expect(200),
    );
    const catalogue = bodyOf<{ purchasable: { code: string; name: string }[] }>(await server.t.http.get('/v1/catalogue').expect(200));
    categoryName = catalogue.purchasable.find((c) => c.code === 'affairs.means_test')!.name;
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  /** A first visit's cost: a fresh context, so nothing comes from the cache of an earlier page. */
  const weigh = async (path: string): Promise<void> => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`${server.url}${path}`);
    const weight = await pageWeight(fresh);
    await context.close();
    expect(weight.transferBytes).toBeGreaterThan(0);
    expect(weight.transferBytes).toBeLessThan(100 * 1024);
    console.log(`page ${path}: ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
  };
  const noSentinel = async (p: Page): Promise<void> => {
    const html = await p.content();
    for (const s of SENTINELS) expect(html).not.toContain(s);
  };
  const figure = (p: Page, label: string): Promise<string[]> =>
    p
      .locator('table.figures tbody tr', { has: p.locator('th', { hasText: new RegExp(`^${label}`) }) })
      .locator('td')
      .allTextContents();

  it('reaches a city budget from / in three clicks: the nav, the province, its city', async () => {
    await page.goto(`${server.url}/`);
    await page.click('header nav >> text=预算执行');
    expect(new URL(page.url()).pathname).toBe('/budgets');
    await weigh('/budgets');
    await screenshot(page, 'portal-budgets');
    await page.click('a[href="/budgets/220000/2024"]');
    // The province lists its cities with a budget that year, each linked to its own page.
    const children = page.locator('table.children tbody th a');
    expect(await children.allTextContents()).toEqual(['220100（市级）', '220200（市级）']);
    expect(await children.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/budgets/220100/2024',
      '/budgets/220200/2024',
    ]);
    await noSentinel(page);
    await screenshot(page, 'portal-budget-province');
    await page.click('table.children >> text=220100（市级）');
    expect(new URL(page.url()).pathname).toBe('/budgets/220100/2024');
    await expect(page.locator('h1').textContent()).resolves.toContain('220100（市级） 2024 年度预算执行');
  });

  it("shows the region-year's figures in 元 as the API gives them, the cap's use and the categories in Chinese", async () => {
    await page.goto(`${server.url}/budgets/220100/2024`);
    // 2% of Changchun's 2024 central funds (5,000,000,000 fen), as seeded.
    expect(await figure(page, '资金基数')).toEqual(['50,000,000.00 元', '']);
    expect(await figure(page, '预算上限')).toEqual(['1,000,000.00 元', '100.0%']);
    expect(changchun.fundBase).toBe(5_000_000_000);
    const ratio = (fen: number): string => `${((fen / changchun.cap) * 100).toFixed(1)}%`;
    expect(await figure(page, '已预留')).toEqual([yuan(changchun.reserved), ratio(changchun.reserved)]);
    expect(await figure(page, '已承诺')).toEqual([yuan(changchun.committed), ratio(changchun.committed)]);
    expect(await figure(page, '已支付')).toEqual([yuan(changchun.paid), ratio(changchun.paid)]);
    expect(await figure(page, '上限剩余')).toEqual([yuan(changchun.remaining), ratio(changchun.remaining)]);
    expect(changchun.paid).toBeGreaterThan(0);
    await expect(page.locator('#figures ~ p, #figures + p').first().textContent()).resolves.toContain(
      `已预留占预算上限的 ${ratio(changchun.reserved)}`,
    );
    const category = page.locator('section[aria-labelledby=categories] tbody tr');
    expect(await category.locator('th').first().textContent()).toContain(categoryName);
    const line = changchun.byCategory['affairs.means_test'];
    expect(await category.locator('td').allTextContents()).toEqual([yuan(line.reserved), yuan(line.committed), yuan(line.paid)]);
    // A city's counties: none has a budget of its own in the seed.
    await expect(page.locator('section[aria-labelledby=children]').textContent()).resolves.toContain('本年度没有下级地区登记预算');
    await noSentinel(page);
    await weigh('/budgets/220100/2024');
    await screenshot(page, 'portal-budget-region');
  });

  it('draws the chart with CSS alone: each bar as long as its share of the largest figure', async () => {
    await page.goto(`${server.url}/budgets/220100/2024`);
    const widths = await page.locator('table.charts-css tbody td').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().width));
    const values = [changchun.cap, changchun.reserved, changchun.committed, changchun.paid];
    const scale = Math.max(...values);
    const widest = Math.max(...widths);
    expect(widest).toBeGreaterThan(100);
    for (const [i, v] of values.entries()) {
      expect(widths[i]).toBeGreaterThan(0);
      expect(Math.abs(widths[i] / widest - v / scale)).toBeLessThan(0.02);
    }
  });

  it('takes a region and a year from the form (the address holds them), and refuses a bad choice or an unknown parameter with 400', async () => {
    await page.goto(`${server.url}/budgets`);
    await page.fill('input[name=region]', '220200');
    await page.fill('input[name=fiscalYear]', '2024');
    await page.click('main button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/budgets/220200/2024');
    expect(await figure(page, '资金基数')).toEqual(['20,000,000.00 元', '']);
    const bad = await page.goto(`${server.url}/budgets?region=2202&fiscalYear=24`);
    expect(bad?.status()).toBe(400);
    const reasons = (await page.locator('.problem').textContent()) ?? '';
    expect(reasons).toContain('query.region');
    expect(reasons).toContain('query.fiscalYear');
    expect((await page.goto(`${server.url}/budgets?colour=red`))?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('query.colour');
    await expect(page.locator('.problem').textContent()).resolves.not.toContain('query.region');
    expect((await page.goto(`${server.url}/budgets/220100/2024?colour=red`))?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('colour');
  });

  it('says in Chinese when nothing is recorded, and gives the status the API gives to a malformed region', async () => {
    const none = await page.goto(`${server.url}/budgets/990100/2030`);
    expect(none?.status()).toBe(200);
    await expect(page.locator('.notice').textContent()).resolves.toContain('未查到 990100（市级） 2030 年度本级登记的资金、项目或支付');
    await expect(page.locator('.charts-css').count()).resolves.toBe(0);
    const malformed = await page.goto(`${server.url}/budgets/2201/2024`);
    expect(malformed?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('params.region');
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(`${server.url}/budgets?region=220000&fiscalYear=2024`);
    expect(new URL(plain.url()).pathname).toBe('/budgets/220000/2024');
    expect(await plain.locator('table.children tbody th a').allTextContents()).toEqual(['220100（市级）', '220200（市级）']);
    await plain.goto(`${server.url}/budgets/220100/2024`);
    expect(await figure(plain, '预算上限')).toEqual(['1,000,000.00 元', '100.0%']);
    expect(await figure(plain, '已支付')).toEqual([yuan(changchun.paid), expect.stringMatching(/%$/)]);
    await context.close();
  });

  it('is readable on a phone: no sideways scrolling, the bars drawn', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    for (const path of ['/budgets', '/budgets/220000/2024', '/budgets/220100/2024']) {
      await phone.goto(`${server.url}${path}`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    const widths = await phone.locator('table.charts-css tbody td').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().width));
    expect(Math.min(...widths)).toBeGreaterThan(0);
    await screenshot(phone, 'portal-budget-region-phone');
    await phone.close();
  });
});
