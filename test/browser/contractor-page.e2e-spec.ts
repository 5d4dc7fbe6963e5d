import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { CONTRACTOR, OTHER_CONTRACTOR } from '../support/lifecycle';
import { describeBrowser, launchBrowser, pageWeight, screenshot, startPortal, type PortalServer } from './support/browser';
import { C, CLOCK, P, SENTINELS, seedPortal } from './support/portal-seed';

describeBrowser('portal: the contractor page at /contractors/:uscc', () => {
  let server: PortalServer;
  let browser: Browser;
  let page: Page;
  let positions: Record<string, number>;
  beforeAll(async () => {
    server = await startPortal(CLOCK);
    positions = (await seedPortal(server.t)).positions;
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  const section = async (id: string): Promise<string> => (await page.locator(`section[aria-labelledby=${id}]`).textContent()) ?? '';

  it('is reached from / in two clicks (the project, then its award) and shows the contractor’s public record', async () => {
    await page.goto(`${server.url}/`);
    await page.click('text=低保家庭家计调查');
    await page.click('a.contractor');
    expect(new URL(page.url()).pathname).toBe(`/contractors/${CONTRACTOR}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('长春市阳光社会工作服务中心');
    const identity = (await page.locator('main > dl.facts').textContent()) ?? '';
    for (const s of [CONTRACTOR, '社会组织', '220100']) expect(identity).toContain(s);
    expect(identity).not.toContain('social_organization');
    // Contracts won, with the project linked, and the payments so far.
    await expect(section('awards')).resolves.toMatch(/承接的项目（1 个）.*低保家庭家计调查.*长春市民政局.*750,000\.00 元.*2024年4月1日/);
    await expect(page.locator(`section[aria-labelledby=awards] a[href="/projects/${P}"]`).count()).resolves.toBe(1);
    await expect(section('contracts')).resolves.toMatch(
      new RegExp(`${C}.*低保家庭家计调查.*750,000\\.00 元.*387,345\\.67 元（2 笔）.*履行中`),
    );
    // Evaluation history, oldest first, graded in Chinese.
    const evaluations = await page.locator('section[aria-labelledby=evaluations] tbody tr').allTextContents();
    expect(evaluations).toHaveLength(2);
    expect(evaluations[0]).toMatch(/2024年10月10日.*购买主体.*92 分.*优秀/);
    expect(evaluations[1]).toMatch(/2024年10月12日.*第三方机构.*58 分.*不合格/);
    // The penalty and the dishonesty record in force: decision number, publication period, status.
    await expect(section('penalties')).resolves.toMatch(
      /南民罚决字〔2024〕第1号.*2024年11月1日.*长春市南关区民政局.*罚款 5,000\.00 元.*已作出/,
    );
    await expect(section('dishonesty')).resolves.toMatch(/南民罚决字〔2024〕第1号.*2024年11月1日 至 \d{4}年\d+月\d+日.*公示中/);
    const weight = await pageWeight(page);
    expect(weight.transferBytes).toBeLessThan(100 * 1024);
    console.log(`page /contractors/${CONTRACTOR}: ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
    await screenshot(page, 'portal-contractor');
  });

  it('shows each fact’s ledger position linked to its proof bundle', async () => {
    await page.goto(`${server.url}/contractors/${CONTRACTOR}`);
    const links = await page.locator('.verify-fact a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    for (const name of ['announcement', 'evaluation1', 'evaluation2']) {
      expect(links).toContainEqual([`/v1/ledger/entries/${positions[name]}/proof`, `台账位置 ${positions[name]}`]);
    }
    // One per row of every table.
    await expect(page.locator('tbody tr').count()).resolves.toBe(links.length);
    for (const [href] of links) expect((await page.request.get(`${server.url}${href}`)).status()).toBe(200);
  });

  it('links the contractor’s projects in the list', async () => {
    await page.goto(`${server.url}/contractors/${CONTRACTOR}`);
    await page.click('text=在项目列表中查看该承接主体的项目');
    expect(new URL(page.url()).searchParams.get('contractor')).toBe(CONTRACTOR);
    await expect(page.locator('tbody tr td:first-child a').allTextContents()).resolves.toEqual(['低保家庭家计调查']);
  });

  it('shows no private data', async () => {
    await page.goto(`${server.url}/contractors/${CONTRACTOR}`);
    const html = await page.content();
    for (const s of SENTINELS) expect(html).not.toContain(s);
  });

  it('answers 404 in Chinese for an unregistered code, and 400 with the reasons for a malformed one or an unknown parameter', async () => {
    const missing = await page.goto(`${server.url}/contractors/${OTHER_CONTRACTOR}`);
    expect(missing?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('未找到该承接主体');
    const malformed = await page.goto(`${server.url}/contractors/12345`);
    expect(malformed?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('params.uscc');
    const unknown = await page.goto(`${server.url}/contractors/${CONTRACTOR}?tab=all`);
    expect(unknown?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('query.tab');
  });

  it('is readable on a phone without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(`${server.url}/contractors/${CONTRACTOR}`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'portal-contractor-phone');
    await phone.close();
  });
});
