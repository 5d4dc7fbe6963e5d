import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page, Route } from 'playwright-core';
import { describeBrowser, launchBrowser, pageWeight, screenshot, startPortal, type PortalServer } from './support/browser';
import { C, CLOCK, P, P2, P2_TITLE, SENTINELS, seedPortal } from './support/portal-seed';

describeBrowser('portal: the project page at /projects/:projectId', () => {
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

  const main = async (): Promise<string> => (await page.locator('main').textContent()) ?? '';

  it('opens from the list and shows the project, its tender, award, contract, payments, evaluations, penalty and dishonesty record', async () => {
    await page.goto(`${server.url}/`);
    await page.click('text=低保家庭家计调查');
    expect(new URL(page.url()).pathname).toBe(`/projects/${P}`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('低保家庭家计调查');
    const text = await main();
    // The project: purchaser, category in Chinese, budget in 元, date in Chinese.
    for (const s of ['长春市民政局', '220100', '2024 年', '800,000.00 元', '2024年3月1日', '已公告合同']) expect(text).toContain(s);
    expect(text).not.toContain('affairs.means_test');
    // Tender notice: method in Chinese and every published item.
    for (const s of ['竞争性磋商', '家计调查 3,000 户', '12 months', '3000 households', '核对准确率 ≥ 98%', '社会工作服务机构']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('核对准确率 ≥ 98%，按季度评价');
    // Award, contract terms and announcement.
    await expect(page.locator('a.contractor').textContent()).resolves.toBe('长春市阳光社会工作服务中心');
    for (const s of ['750,000.00 元', '2024年4月1日', C, '2024年5月1日 至 2025年4月30日', '履行中', '2024年4月12日'])
      expect(text).toContain(s);
    await expect(page.locator('a[href="https://www.ccgp-jilin.gov.cn/notice/p-2024-001-c1"]').count()).resolves.toBe(1);
    // Payments: the total (37,500,000 + 1,234,567 fen) and the count, not each payment.
    await expect(page.locator('.fact-payments').textContent()).resolves.toMatch(/已付款 2 笔，合计 387,345\.67 元/);
    // And the schedule the contract sets: two instalments of half the amount each.
    expect(await page.locator('table.schedule tbody tr').allInnerTexts()).toEqual([
      '2024年5月15日\t375,000.00 元',
      '2025年4月15日\t375,000.00 元',
    ]);
    await expect(page.locator('table.schedule tfoot').innerText()).resolves.toBe('合计\t750,000.00 元');
    // Evaluations with evaluator, score and grade in Chinese.
    const evaluations = await page.locator('.fact-evaluated').allTextContents();
    expect(evaluations).toHaveLength(2);
    expect(evaluations[0]).toMatch(/购买主体.*92 分.*优秀/);
    expect(evaluations[1]).toMatch(/第三方机构.*58 分.*不合格/);
    // The penalty's decision and the dishonesty record with its period and status.
    const penalty = (await page.locator('.fact-penalty').textContent()) ?? '';
    for (const s of ['长春市南关区民政局', '2024年11月1日', '5,000.00 元', '2024年11月1日 至 2027年10月31日', '已作出'])
      expect(penalty).toContain(s);
    const record = (await page.locator('.fact-dishonesty').textContent()) ?? '';
    expect(record).toMatch(/公示期2024年11月1日 至 \d{4}年\d+月\d+日/);
    expect(record).toContain('公示中');
    const weight = await pageWeight(page);
    expect(weight.transferBytes).toBeLessThan(100 * 1024);
    console.log(`page /projects/${P}: ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
    await screenshot(page, 'portal-project');
  });

  it('lists the facts in date order', async () => {
    await page.goto(`${server.url}/projects/${P}`);
    const dates = await page.locator('ol.timeline > li time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
    expect(dates.length).toBeGreaterThanOrEqual(9);
    expect(dates).toEqual([...dates].sort());
    expect(dates[0]).toBe('2024-03-01');
    const kinds = await page.locator('ol.timeline > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('class') ?? ''));
    expect(kinds.slice(0, 6)).toEqual(['registered', 'tender', 'award', 'signed', 'announced', 'payments'].map((k) => `fact fact-${k}`));
  });

  it('shows each fact’s ledger position, linked to its proof bundle, which anyone may fetch', async () => {
    await page.goto(`${server.url}/projects/${P}`);
    const links = await page.locator('.verify-fact a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    for (const name of ['announcement', 'evaluation1', 'evaluation2']) {
      const n = positions[name];
      expect(links).toContainEqual([`/v1/ledger/entries/${n}/proof`, `台账位置 ${n}`]);
    }
    // Every fact has one; the project itself in the header, too.
    expect(await page.locator('ol.timeline > li').count()).toBeLessThanOrEqual(await page.locator('ol.timeline .verify-fact').count());
    await expect(page.locator('dl.facts .verify-fact').count()).resolves.toBeGreaterThan(0);
    const proof = await page.request.get(`${server.url}/v1/ledger/entries/${positions.evaluation1}/proof`);
    expect(proof.status()).toBe(200);
  });

  it('links the OCDS record of the project, which answers JSON', async () => {
    await page.goto(`${server.url}/projects/${P}`);
    const href = await page.getAttribute('a:text("本项目的 OCDS 记录（JSON）")', 'href');
    expect(href).toMatch(new RegExp(`^/v1/disclosure/ocds/records/[^/]+-${P}$`));
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/json');
    const body = (await res.json()) as { records: { ocid: string }[] };
    expect(body.records[0].ocid).toBe(decodeURIComponent(href!.split('/').pop()!));
  });

  it('shows no private data on any project page', async () => {
    for (const id of [P, P2]) {
      await page.goto(`${server.url}/projects/${id}`);
      const html = await page.content();
      for (const s of SENTINELS) expect(html).not.toContain(s);
    }
    // The second project is tendered only: its notice, and no contract.
    await expect(page.locator('h1').textContent()).resolves.toBe(P2_TITLE);
    await expect(main()).resolves.toContain('尚无已公告的合同');
  });

  it('answers 404 in Chinese for a project not disclosed, and 400 with the reasons for a malformed id or an unknown parameter', async () => {
    const missing = await page.goto(`${server.url}/projects/NO-SUCH-1`);
    expect(missing?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('未找到该项目');
    const malformed = await page.goto(`${server.url}/projects/${encodeURIComponent('坏编号')}`);
    expect(malformed?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('params.projectId');
    const unknown = await page.goto(`${server.url}/projects/${P}?colour=red`);
    expect(unknown?.status()).toBe(400);
    await expect(page.locator('.problem').textContent()).resolves.toContain('query.colour');
  });

  it('verifies a fact in place with its 核验此记录 button, and fails one whose proof bundle was altered on the way', async () => {
    const checkpoint = (await server.t.http.get('/v1/ledger/checkpoint').expect(200)).text;
    const [origin, size] = checkpoint.split('\n');
    const grouped = (n: number): string => n.toLocaleString('en-US');
    const verify = async (position: number): Promise<string> => {
      await page.goto(`${server.url}/projects/${P}`);
      const button = page.locator(`button[data-verify-position="${position}"]`);
      await button.focus();
      await page.keyboard.press('Enter');
      const output = button.locator('xpath=following-sibling::output');
      await page.waitForFunction((el) => /[✓✗]/.test(el?.textContent ?? ''), await output.elementHandle());
      return (await output.textContent()) ?? '';
    };
    const view = await server.t.http.get(`/v1/disclosure/projects/${P}`).expect(200);
    const award = (view.body as { award: { position: number } }).award.position;
    expect(await verify(award)).toContain(`✓ 第 ${grouped(award)} 条记录在 ${origin} 签名的 ${grouped(Number(size))} 条台账中`);
    await screenshot(page, 'portal-project-verified');
    const tamper = async (route: Route): Promise<void> => {
      const response = await route.fetch();
      const bundle = (await response.json()) as { entry: { data: Record<string, unknown> } };
      bundle.entry.data.amount = 1;
      await route.fulfill({ response, json: bundle });
    };
    await page.route('**/v1/ledger/entries/*/proof', tamper);
    try {
      const said = await verify(award);
      expect(said).toContain('✗');
      expect(said).toContain('记录被改动');
      await screenshot(page, 'portal-project-verify-tampered');
    } finally {
      await page.unroute('**/v1/ledger/entries/*/proof', tamper);
    }
  });

  it('is readable on a phone without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(`${server.url}/projects/${P}`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, 'portal-project-phone');
    await phone.close();
  });
});
