import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page, Request } from 'playwright-core';
import { bearer, KEYS } from '../support/app';
import { bodyOf } from '../support/bodies';
import { CONTRACTOR } from '../support/lifecycle';
import { cells as cellsOf, signIn, storedKey, textOutsidePrivate, waitText } from './support/audit-console';
import { describeBrowser, launchBrowser, pageWeight, screenshot, startPortal, type PortalServer } from './support/browser';
import { CLOCK, P, P2, SENTINELS, seedPortal } from './support/portal-seed';

type Finding = { code: string; positions: number[] };
type Entry = { position: number; leafHash: string; type: string; metadata: { actor: string; correlationId: string } };

/** The private part of P2's registration: service recipients' personal data and the internal note. */
const PRIVATE_SENTINELS = SENTINELS.slice(0, 4);

describeBrowser('auditor console at /audit', () => {
  let server: PortalServer;
  let browser: Browser;
  let page: Page;
  const requests: { url: string; authorization?: string }[] = [];
  const record = (r: Request) => requests.push({ url: r.url(), authorization: r.headers().authorization });
  const api = async <T>(path: string): Promise<T> => bodyOf<T>(await server.t.http.get(path).set(bearer(KEYS.auditor)));

  beforeAll(async () => {
    server = await startPortal(CLOCK);
    await seedPortal(server.t);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', record);
  });
  const cells = (selector: string, column: number) => cellsOf(page, selector, column);
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  /** The entry that holds P2's private part: its registration (the command's answer names its last entry). */
  const registrationOfP2 = async (): Promise<number> =>
    (await api<{ items: Entry[] }>(`/v1/projects/${P2}/history`)).items.find((e) => e.type === 'ProjectRegistered')!.position;

  it('without JavaScript says it needs it, and has no form that could send a key', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const bare = await context.newPage();
    const res = await bare.goto(`${server.url}/audit`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await bare.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(bare.locator('main').textContent()).resolves.toContain('审计控制台需要启用 JavaScript');
    expect(await bare.locator('#signin').isHidden()).toBe(true);
    // A field without a name is never part of a form's submission.
    expect(await bare.getAttribute('#signin-key', 'name')).toBeNull();
    expect(await bare.getAttribute('#signin-key', 'type')).toBe('password');
    await context.close();
  });

  it('refuses a wrong key and a key of another role, in Chinese, and keeps neither', async () => {
    await page.goto(`${server.url}/audit`);
    const weight = await pageWeight(page);
    expect(weight.transferBytes).toBeLessThan(100 * 1024);
    console.log(`page /audit: ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
    await screenshot(page, 'audit-signin');
    await signIn(page, 'not-a-key-of-this-service');
    await waitText(page.locator('#status'), '登录失败：密钥无效。');
    await signIn(page, KEYS.purchaserChangchun);
    await waitText(page.locator('#status'), '登录失败：此密钥不是审计密钥，没有审计权限。');
    expect(await storedKey(page)).toBeNull();
    expect(await page.locator('#console').isHidden()).toBe(true);
  });

  it('signs in with the auditor key, kept in sessionStorage only', async () => {
    await signIn(page, KEYS.auditor);
    await waitText(page.locator('#status'), '已登录');
    expect(await page.locator('#console').isVisible()).toBe(true);
    expect(await storedKey(page)).toBe(KEYS.auditor);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.inputValue('#signin-key')).toBe('');
  });

  it('lists findings of a region-year, filters them by kind and pages through them', async () => {
    const { items } = await api<{ items: Finding[] }>('/v1/audit/findings?region=220100&fiscalYear=2024');
    expect(items.length).toBeGreaterThanOrEqual(3);
    await page.click('nav.tabs a[href="#findings"]');
    await page.fill('#findings input[name=region]', '220100');
    await page.fill('#findings input[name=fiscalYear]', '2024');
    await page.fill('#findings input[name=pageSize]', '2');
    await page.click('#findings button[type=submit]');
    const summary = page.locator('#findings [data-summary]');
    await waitText(summary, `共 ${items.length} 条发现，第 1 / ${Math.ceil(items.length / 2)} 页`);
    const seen = await cells('#findings', 1);
    expect(seen).toHaveLength(2);
    await page.click('#findings button[data-page=next]');
    await waitText(summary, '第 2 /');
    seen.push(...(await cells('#findings', 1)));
    while (await page.locator('#findings button[data-page=next]').isEnabled()) {
      await page.click('#findings button[data-page=next]');
      seen.push(...(await cells('#findings', 1)));
    }
    // Every finding once, each named in Chinese beside its code.
    expect(seen.map((s) => /[A-Z_]+$/.exec(s)?.[0])).toEqual(items.map((f) => f.code));
    expect(seen.join()).toContain('评价不合格未处理');
    await page.selectOption('#findings select[name=code]', 'PAYMENTS_BEHIND_SCHEDULE');
    await waitText(summary, '共 1 条发现，第 1 / 1 页');
    await page.selectOption('#findings select[name=code]', '');
    await page.fill('#findings input[name=pageSize]', '20');
    await page.locator('#findings input[name=pageSize]').dispatchEvent('change');
    await waitText(summary, `共 ${items.length} 条发现，第 1 / 1 页`);
    await screenshot(page, 'audit-findings');
    await page.fill('#findings input[name=region]', '220200');
    await page.click('#findings button[type=submit]');
    await waitText(summary, '共 0 条发现');
  });

  it('exports the findings as CSV (UTF-8 with BOM, every cell quoted) that parses to what the API answered', async () => {
    const { items } = await api<{ items: (Finding & { contractId?: string; detail: string })[] }>(
      '/v1/audit/findings?region=220100&fiscalYear=2024',
    );
    await page.fill('#findings input[name=region]', '220100');
    await page.click('#findings button[type=submit]');
    await waitText(page.locator('#findings [data-summary]'), `共 ${items.length} 条发现`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#findings button[data-csv]')]);
    expect(download.suggestedFilename()).toBe('findings-220100-2024.csv');
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse<Record<string, string>>(bytes.subarray(3), { columns: true });
    expect(records.map((r) => [r.code, r.contractId, r.detail, r.positions])).toEqual(
      items.map((f) => [f.code, f.contractId ?? '', f.detail, f.positions.join(' ')]),
    );
    expect(bytes.toString('utf8').split('\r\n')[1]).toMatch(/^"220100","2024",/);
    // Filtered by kind, the file holds that kind only.
    await page.selectOption('#findings select[name=code]', 'MISSING_EVALUATIONS');
    const [filtered] = await Promise.all([page.waitForEvent('download'), page.click('#findings button[data-csv]')]);
    const only = parse<Record<string, string>>(readFileSync(await filtered.path()).subarray(3), { columns: true });
    expect(only.map((r) => r.code)).toEqual(['MISSING_EVALUATIONS']);
    await page.selectOption('#findings select[name=code]', '');
  });

  it("shows a project's full history: positions, hashes, actors and correlation ids as the API has them", async () => {
    const { items } = await api<{ items: Entry[] }>(`/v1/projects/${P}/history`);
    await page.click('nav.tabs a[href="#project"]');
    await page.fill('#project input[name=projectId]', P);
    await page.click('#project button[type=submit]');
    await page.locator(`#project tbody tr:nth-child(${items.length})`).waitFor();
    expect(await page.locator('#project tbody tr').count()).toBe(items.length);
    expect(new URL(page.url()).hash).toBe(`#project/${P}`);
    expect(await cells('#project', 1)).toEqual(items.map((e) => String(e.position)));
    expect(await cells('#project', 2)).toEqual(items.map((e) => e.type));
    expect(await cells('#project', 4)).toEqual(items.map((e) => e.leafHash));
    expect((await cells('#project', 5)).every((s, i) => s.startsWith(items[i].metadata.actor))).toBe(true);
    expect(await cells('#project', 6)).toEqual(items.map((e) => e.metadata.correlationId));
    await screenshot(page, 'audit-history');
    // The second project's history carries private parts; the table shows none of them.
    await page.goto(`${server.url}/audit#project/${P2}`);
    await waitText(page.locator('#project [data-out]'), `项目 ${P2}`);
    for (const s of SENTINELS) expect(await page.locator('main').textContent()).not.toContain(s);
  });

  it('opens the raw entry from the history, with its private part in a box marked private', async () => {
    const position = await registrationOfP2();
    await page.click(`#project tbody a[href="#entry/${position}"]`);
    await page.locator('#entry .private').waitFor();
    expect(new URL(page.url()).hash).toBe(`#entry/${position}`);
    await waitText(page.locator('#entry .private h3'), '非公开数据');
    const privateText = (await page.locator('#entry .private').textContent()) ?? '';
    for (const s of PRIVATE_SENTINELS) expect(privateText).toContain(s);
    const outside = await textOutsidePrivate(page);
    for (const s of PRIVATE_SENTINELS) expect(outside).not.toContain(s);
    const [entry] = (await api<{ items: Entry[] }>(`/v1/ledger/events?after=${position - 1}&limit=1`)).items;
    const envelope = JSON.parse((await page.locator('#entry pre.json').first().textContent()) ?? '') as Entry;
    expect(envelope).toEqual(Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'private' && k !== 'privateSalt')));
    await screenshot(page, 'audit-entry');
    // An entry without a private part says so; a position past the end is not found.
    await page.fill('#entry input[name=position]', '1');
    await page.click('#entry button[type=submit]');
    await waitText(page.locator('#entry [data-out]'), '此记录没有非公开部分');
    await page.goto(`${server.url}/audit#entry/100000`);
    await waitText(page.locator('#entry .problem'), '台账中没有位置 100,000 的记录');
  });

  it("shows a region-year's budget in 元", async () => {
    await page.click('nav.tabs a[href="#budget"]');
    await page.fill('#budget input[name=region]', '220100');
    await page.fill('#budget input[name=fiscalYear]', '2024');
    await page.click('#budget button[type=submit]');
    const out = page.locator('#budget [data-out]');
    for (const text of [
      '资金基数50,000,000.00 元',
      '上限1,000,000.00 元',
      '已预留425,000.00 元',
      '已支付375,000.00 元',
      '长春市民政局（220100-MZJ）',
    ])
      await waitText(out, text);
    await page.fill('#budget input[name=fiscalYear]', '1999');
    await page.click('#budget button[type=submit]');
    await waitText(page.locator('#budget .problem'), '查询条件有误');
  });

  it("shows a contractor's credit record and the dishonesty list", async () => {
    await page.click('nav.tabs a[href="#credit"]');
    await page.fill('#credit input[name=uscc]', CONTRACTOR);
    await page.click('#credit button[type=submit]');
    const out = page.locator('#credit [data-out]');
    for (const text of [
      '长春市阳光社会工作服务中心',
      '合同总额750,000.00 元',
      '南民罚决字〔2024〕第1号',
      '5,000.00 元',
      '2024年11月1日 至 2027年10月31日',
    ])
      await waitText(out, text);
    await page.click('#credit button[data-dishonesty]');
    await waitText(out, '失信名单（2025年12月31日在公示期内）');
    expect(await cells('#credit', 2)).toEqual([CONTRACTOR]);
    for (const s of SENTINELS) expect(await page.locator('main').textContent()).not.toContain(s);
  });

  it('reads on a phone without sideways scrolling of the page', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    phone.on('request', record);
    await phone.goto(`${server.url}/audit`);
    await signIn(phone, KEYS.auditor);
    await phone.goto(`${server.url}/audit#entry/${await registrationOfP2()}`);
    await phone.locator('#entry .private').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.close();
  });

  it('signs out: the key leaves the tab, and it never was in an address or a cookie', async () => {
    await page.click('#signout');
    await page.locator('#signin').waitFor();
    expect(await storedKey(page)).toBeNull();
    expect(new URL(page.url()).hash).toBe('');
    await page.reload();
    expect(await page.locator('#console').isHidden()).toBe(true);
    expect(await page.context().cookies()).toEqual([]);
    for (const { url } of requests) for (const key of Object.values(KEYS)) expect(decodeURIComponent(url)).not.toContain(key);
    // The key went out as the bearer header of the console's API reads, and to nothing but the API.
    const keyed = requests.filter((r) => r.authorization === `Bearer ${KEYS.auditor}`);
    expect(keyed.length).toBeGreaterThan(10);
    for (const { url } of keyed) expect(new URL(url).pathname).toMatch(/^\/v1\//);
  });
});
