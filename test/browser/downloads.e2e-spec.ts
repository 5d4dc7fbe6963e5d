import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { ocdsValidators } from '../support/ocds-schemas';
import { describeBrowser, launchBrowser, pageWeight, screenshot, startPortal, type PortalServer } from './support/browser';
import { CLOCK, P, P2, SENTINELS, seedPortal } from './support/portal-seed';

describeBrowser('portal: the downloads page at /downloads', () => {
  let server: PortalServer;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startPortal(CLOCK);
    await seedPortal(server.t);
    // A checkpoint of the whole seed, as the service signs one on its own schedule.
    await server.t.http.get('/v1/ledger/checkpoint').expect(200);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  /** Clicks the link and gives the saved file's bytes and suggested name. */
  const download = async (name: string): Promise<{ bytes: Buffer; file: string }> => {
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
    const bytes = readFileSync(await saved.path());
    for (const s of SENTINELS) expect(bytes.toString('utf8')).not.toContain(s);
    return { bytes, file: saved.suggestedFilename() };
  };

  it('lists every download in Chinese, reached from the navigation', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: '下载', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/downloads');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getAttribute('nav a[href="/downloads"]', 'aria-current')).toBe('page');
    expect(await page.locator('ul.downloads > li h2 a').allTextContents()).toEqual([
      '项目公开列表',
      'OCDS 发布包',
      '核验公钥',
      '最新签名检查点',
    ]);
    const html = await page.content();
    for (const s of SENTINELS) expect(html).not.toContain(s);
    const weight = await pageWeight(page);
    expect(weight.transferBytes).toBeLessThan(100 * 1024);
    console.log(`page /downloads: ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
    await screenshot(page, 'portal-downloads');
  });

  it('downloads the project list as CSV (UTF-8 with BOM) that parses', async () => {
    await page.goto(`${server.url}/downloads`);
    const { bytes, file } = await download('项目公开列表');
    expect(file).toBe('projects.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse<Record<string, string>>(bytes.subarray(3), { columns: true });
    expect(records.map((r) => r.projectId)).toEqual([P, P2]);
  });

  it('downloads every OCDS release as one release package valid against the OCDS 1.1 schema', async () => {
    await page.goto(`${server.url}/downloads`);
    const { bytes, file } = await download('OCDS 发布包');
    expect(file).toBe('ocds-releases.json');
    const pkg = JSON.parse(bytes.toString('utf8')) as { releases: { ocid: string }[] };
    expect(ocdsValidators().releasePackage(pkg)).toEqual([]);
    expect(new Set(pkg.releases.map((r) => r.ocid.split('-').slice(2).join('-')))).toEqual(new Set([P, P2]));
  });

  it('downloads the verifier key and the latest checkpoint, the ones the page shows', async () => {
    await page.goto(`${server.url}/downloads`);
    const shown = await page.locator('ul.downloads pre').allTextContents();
    const key = await download('核验公钥');
    expect(key.file).toBe('ledger-key.txt');
    // C2SP note verifier: name+hexkeyid+base64(0x01 ‖ 32-byte Ed25519 key): 33 bytes, 44 characters.
    expect(key.bytes.toString('utf8').trim()).toMatch(/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(shown[0]).toBe(key.bytes.toString('utf8').trim());
    const checkpoint = await download('最新签名检查点');
    expect(checkpoint.file).toBe('checkpoint.txt');
    const [origin, size, root] = checkpoint.bytes.toString('utf8').split('\n');
    expect(origin.length).toBeGreaterThan(0);
    expect(Number(size)).toBe(await server.t.store.head());
    expect(Buffer.from(root, 'base64')).toHaveLength(32);
    expect(shown[1]).toBe(checkpoint.bytes.toString('utf8'));
  });

  it('is readable on a phone (no sideways scrolling)', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(`${server.url}/downloads`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'portal-downloads-phone');
    await phone.close();
  });
});
