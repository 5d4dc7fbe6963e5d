import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, pageWeight, screenshot, startPortal, type PortalServer } from './support/browser';
import { CLOCK, P, P2, P2_TITLE, SENTINELS, seedPortal } from './support/portal-seed';

describeBrowser('portal: the project list at /', () => {
  let server: PortalServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startPortal(CLOCK);
    await seedPortal(server.t);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  const rows = (): Promise<string[]> => page.locator('tbody tr td:first-child a').allTextContents();

  it('lists every disclosed project, in Chinese, with totals, amounts in 元 and dates in Chinese', async () => {
    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    // As the API: oldest registration first unless sorted otherwise.
    expect(await rows()).toEqual(['低保家庭家计调查', P2_TITLE]);
    await expect(page.locator('#results').textContent()).resolves.toContain('共 2 个项目');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('800,000.00 元');
    expect(text).toContain('2024年3月1日');
    const weight = await pageWeight(page);
    expect(weight.transferBytes).toBeLessThan(100 * 1024);
    console.log(`page / : ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
    await screenshot(page, 'portal-projects');
  });

  it('searches and filters through the form, and the URL holds the search', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('input[name=q]', '特困');
    await page.click('button[type=submit]');
    expect(await rows()).toEqual([P2_TITLE]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('特困');
    // A province code takes its cities: 220000 finds both, 220100 only Changchun's.
    await page.goto(`${server.url}/?region=220000`);
    expect(await rows()).toHaveLength(2);
    await page.goto(`${server.url}/`);
    await page.fill('input[name=region]', '220100');
    await page.selectOption('select[name=status]', 'contracted');
    await page.click('button[type=submit]');
    expect(await rows()).toEqual(['低保家庭家计调查']);
    await page.selectOption('select[name=sort]', 'amount');
    await page.fill('input[name=region]', '');
    await page.selectOption('select[name=status]', '');
    await page.click('button[type=submit]');
    expect(await rows()).toEqual([P2_TITLE, '低保家庭家计调查']);
    await screenshot(page, 'portal-projects-filtered');
  });

  it('refuses an unknown parameter with 400 and says why, as the API does', async () => {
    const res = await page.goto(`${server.url}/?colour=red`);
    expect(res?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('colour');
  });

  it('pages through results with links that keep the search', async () => {
    await page.goto(`${server.url}/?pageSize=1&region=220000`);
    expect(await rows()).toHaveLength(1);
    await page.click('a[rel=next]');
    expect(new URL(page.url()).searchParams.get('region')).toBe('220000');
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect(await rows()).toEqual([P2_TITLE]);
  });

  it('downloads the filtered list as CSV (UTF-8 with BOM) that parses, with no private data', async () => {
    await page.goto(`${server.url}/?region=220000&sort=-amount`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=本次查询的全部结果（CSV）')]);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse<Record<string, string>>(bytes.subarray(3), { columns: true });
    expect(records.map((r) => r.projectId)).toEqual([P, P2]);
    for (const s of SENTINELS) expect(bytes.toString('utf8')).not.toContain(s);
  });

  it('shows no private data on the page', async () => {
    await page.goto(`${server.url}/?pageSize=100`);
    const html = await page.content();
    for (const s of SENTINELS) expect(html).not.toContain(s);
  });

  it('is usable on a phone and from the keyboard', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(`${server.url}/`);
    // No sideways scrolling of the page itself (the table scrolls in its own box).
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.keyboard.press('Tab');
    await expect(phone.evaluate(() => document.activeElement?.textContent)).resolves.toBe('跳到正文');
    await screenshot(phone, 'portal-projects-phone');
    await phone.close();
  });
});
