import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page, Route } from 'playwright-core';
import { bodyOf } from '../support/bodies';
import { KEYS } from '../support/app';
import { independentLeafHash } from '../support/reference-merkle';
import type { LedgerEntry } from '../../src/ledger/event-store.port';
import { describeBrowser, launchBrowser, pageWeight, screenshot, startPortal, type PortalServer } from './support/browser';
import { CLOCK, SENTINELS, seedPortal, type PortalSeed } from './support/portal-seed';

/** The console's reads of the ledger, which the tests alter on their way to the browser. */
const EVENTS = /\/v1\/ledger\/events\?/;

interface Bundle {
  entry: { position: number; data: Record<string, unknown>; leafHash: string; recordedAt: string };
  proof: { treeSize: number; auditPath: string[] };
  checkpoint: string;
}

/** Flips one bit of the checkpoint's Ed25519 signature, keeping its key id: a forged signature, not a missing one. */
function forgeSignature(note: string): string {
  return note.replace(/(\u2014 \S+ )([A-Za-z0-9+/=]+)\n$/, (_m, head: string, b64: string) => {
    const raw = Buffer.from(b64, 'base64');
    raw[raw.length - 1] ^= 1;
    return `${head}${raw.toString('base64')}\n`;
  });
}

describeBrowser('portal: verify a fact in the browser (/verify) and the whole ledger (/audit/verify)', () => {
  let server: PortalServer;
  let browser: Browser;
  let page: Page;
  let seed: PortalSeed;
  beforeAll(async () => {
    server = await startPortal(CLOCK);
    seed = await seedPortal(server.t);
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  const bundleOf = async (position: number): Promise<Bundle> =>
    bodyOf<Bundle>(await server.t.http.get(`/v1/ledger/entries/${position}/proof`).expect(200));
  const grouped = (n: number): string => n.toLocaleString('en-US');
  const result = (): Promise<string> => page.locator('#position-output').innerText();

  async function verifyAt(position: number): Promise<string> {
    await page.fill('input[name=position]', String(position));
    await page.click('#position-form button[type=submit]');
    await page.waitForFunction(() => /[✓✗]/.test(document.querySelector('#position-output')?.textContent ?? ''));
    return result();
  }

  it('verifies an entry by its position and says which entry is in a ledger of how many entries, signed by whom', async () => {
    await page.goto(`${server.url}/verify`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const position = seed.positions.announcement;
    const bundle = await bundleOf(position);
    const origin = bundle.checkpoint.split('\n')[0];
    const said = await verifyAt(position);
    expect(said).toContain(`✓ 第 ${grouped(position)} 条记录在 ${origin} 签名的 ${grouped(bundle.proof.treeSize)} 条台账中`);
    const [, y, m, d] = /^(\d{4})-(\d{2})-(\d{2})/.exec(bundle.entry.recordedAt)!;
    expect(said).toContain(`记录记入于 ${y}年${Number(m)}月${Number(d)}日`);
    expect(new URL(page.url()).searchParams.get('position')).toBe(String(position));
    // The page shows what the browser checked against: the service's key and its latest checkpoint.
    const key = (await server.t.http.get('/v1/ledger/key').expect(200)).text;
    expect(await page.locator('pre.note').allTextContents()).toEqual([bundle.checkpoint, key]);
    const weight = await pageWeight(page);
    expect(weight.transferBytes).toBeLessThan(100 * 1024);
    console.log(`page /verify : ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
    await screenshot(page, 'portal-verify');
    for (const s of SENTINELS) expect(await page.content()).not.toContain(s);
  });

  it('without JavaScript the form leads to the position and its proof bundle; the button there verifies with it', async () => {
    const position = seed.positions.payment2;
    const noScript = await browser.newPage({ javaScriptEnabled: false });
    await noScript.goto(`${server.url}/verify`);
    await noScript.fill('input[name=position]', String(position));
    await noScript.click('#position-form button[type=submit]');
    expect(await noScript.getAttribute('#position-result a', 'href')).toBe(`/v1/ledger/entries/${position}/proof`);
    expect(await noScript.isVisible('#position-result button')).toBe(false);
    await noScript.close();
    await page.goto(`${server.url}/verify?position=${position}`);
    await page.click('#position-result button');
    await page.waitForFunction(() => /[✓✗]/.test(document.querySelector('#position-result output')?.textContent ?? ''));
    expect(await page.locator('#position-result output').innerText()).toContain(`✓ 第 ${grouped(position)} 条记录在`);
    expect((await page.goto(`${server.url}/verify?position=abc`))?.status()).toBe(400);
  });

  it.each([
    ['the entry data', (b: Bundle) => void (b.entry.data.title = '改过的标题'), '记录被改动'],
    ['the audit path', (b: Bundle) => void (b.proof.auditPath[0] = Buffer.alloc(32, 7).toString('base64')), '根哈希不符'],
    ['the checkpoint signature', (b: Bundle) => void (b.checkpoint = forgeSignature(b.checkpoint)), '签名无效'],
  ])('fails, and says why, when the bundle served has %s altered', async (_what, alter, why) => {
    const position = seed.positions.announcement;
    const tamper = async (route: Route): Promise<void> => {
      const response = await route.fetch();
      const bundle = (await response.json()) as Bundle;
      alter(bundle);
      await route.fulfill({ response, json: bundle });
    };
    await page.route('**/v1/ledger/entries/*/proof', tamper);
    try {
      await page.goto(`${server.url}/verify`);
      const said = await verifyAt(position);
      expect(said).toContain('✗ 核验未通过');
      expect(said).toContain(why);
      expect(await page.locator('#position-output.bad').count()).toBe(1);
      if (why === '记录被改动') await screenshot(page, 'portal-verify-tampered');
    } finally {
      await page.unroute('**/v1/ledger/entries/*/proof', tamper);
    }
  });

  it('checks a pasted proof bundle: the one served passes, a tampered one fails', async () => {
    const bundle = await bundleOf(seed.positions.payment1);
    await page.goto(`${server.url}/verify`);
    const check = async (doc: unknown): Promise<string> => {
      await page.fill('textarea[name=bundle]', typeof doc === 'string' ? doc : JSON.stringify(doc));
      await page.click('#bundle-form button[type=submit]');
      await page.waitForFunction(() => /[✓✗]/.test(document.querySelector('#bundle-form output')?.textContent ?? ''));
      return page.locator('#bundle-form output').innerText();
    };
    expect(await check(bundle)).toContain(`✓ 第 ${grouped(seed.positions.payment1)} 条记录在`);
    const tampered = structuredClone(bundle);
    tampered.entry.data.amount = 1;
    expect(await check(tampered)).toContain('记录被改动');
    const resized = structuredClone(bundle);
    resized.checkpoint = resized.checkpoint.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`);
    expect(await check(resized)).toContain('签名无效');
    expect(await check('{ not json')).toContain('不是 JSON');
    expect(await check({ ...bundle, proof: { ...bundle.proof, auditPath: 'x' } })).toContain('proof.auditPath');
  });

  it('checks a pasted .tlog-proof (C2SP tlog-proof) the same way: the one served passes, an altered entry or hash fails', async () => {
    const text = (await server.t.http.get(`/v1/ledger/entries/${seed.positions.payment1}/proof?format=tlog-proof`).expect(200)).text;
    await page.goto(`${server.url}/verify`);
    const check = async (proof: string): Promise<string> => {
      await page.fill('textarea[name=bundle]', proof);
      await page.click('#bundle-form button[type=submit]');
      await page.waitForFunction(() => /[✓✗]/.test(document.querySelector('#bundle-form output')?.textContent ?? ''));
      return page.locator('#bundle-form output').innerText();
    };
    expect(await check(text)).toContain(`✓ 第 ${grouped(seed.positions.payment1)} 条记录在`);
    const extra = /^extra (\S+)$/m.exec(text)![1];
    const entry = JSON.parse(Buffer.from(extra, 'base64').toString('utf8')) as { data: { amount: number } };
    const altered = Buffer.from(JSON.stringify({ ...entry, data: { ...entry.data, amount: 1 } })).toString('base64');
    expect(await check(text.replace(extra, altered))).toContain('✗ 核验未通过');
    const lines = text.split('\n');
    lines[3] = Buffer.alloc(32, 1).toString('base64');
    expect(await check(lines.join('\n'))).toContain('根哈希不符');
    expect(await check(text.replace('index ', 'index 0'))).toContain('tlog-proof 格式不对');
  });

  describe('the console: /audit/verify', () => {
    const run = async (from = '', to = ''): Promise<string> => {
      await page.fill('input[name=from]', from);
      await page.fill('input[name=to]', to);
      await page.click('#ledger-verify button[type=submit]');
      await page.waitForFunction(() => /[✓✗]/.test(document.querySelector('#verify-result')?.textContent ?? ''));
      return page.locator('#verify-result').innerText();
    };
    const progress = (): Promise<{ value: number; max: number }> =>
      page.$eval('#verify-progress', (p) => ({
        value: (p as unknown as { value: number }).value,
        max: (p as unknown as { max: number }).max,
      }));

    it('asks to sign in when the tab holds no key', async () => {
      await page.goto(`${server.url}/audit/verify`);
      expect(await page.locator('#signin').innerText()).toContain('请先在审计控制台登录');
      expect(await page.getAttribute('#signin a', 'href')).toBe('/audit');
      expect(await page.isDisabled('#ledger-verify button[type=submit]')).toBe(true);
    });

    it('verifies the whole ledger with the key of the tab, the progress bar reaching the end, and a range', async () => {
      await page.evaluate((key) => sessionStorage.setItem('ledger.auditorKey', key), KEYS.auditor);
      await page.goto(`${server.url}/audit/verify`);
      const head = bundleOfHead(await server.t.http.get('/v1/ledger/checkpoint').expect(200));
      const said = await run();
      expect(said).toContain(`✓ 全部 ${grouped(head)} 条记录`);
      expect(await progress()).toEqual({ value: head, max: head });
      const weight = await pageWeight(page);
      expect(weight.transferBytes).toBeLessThan(100 * 1024);
      console.log(`page /audit/verify : ${weight.transferBytes} bytes transferred, first render ${weight.firstRenderMs} ms`);
      await screenshot(page, 'audit-verify');
      expect(await run('3', '6')).toContain('✓ 第 3–6 条记录（共 4 条）');
      expect(await progress()).toEqual({ value: 8, max: 8 });
      expect(await run('5', String(head + 1))).toContain('✗');
    });

    type Alter = (items: LedgerEntry[]) => void;
    const at4 = (items: LedgerEntry[]): { data: Record<string, unknown>; leafHash: string } | undefined =>
      items.find((i) => i.position === 4);
    const alterations: [string, Alter, string][] = [
      ['its data altered', (items) => void (at4(items) && (at4(items)!.data.tampered = true)), '第 4 条记录被改动'],
      [
        'its data altered and its leaf hash recomputed to match',
        (items) => {
          const e = at4(items);
          if (!e) return;
          e.data.tampered = true;
          e.leafHash = independentLeafHash(e as unknown as LedgerEntry);
        },
        '根哈希不符',
      ],
      [
        'its private part altered (outside the leaf hash, committed to by privateDigest)',
        (items) => {
          const e = items.find((i) => i.private !== undefined) as { private: Record<string, unknown> } | undefined;
          if (e) e.private = { ...e.private, internalNote: '改过的备注' };
        },
        '私密部分与其摘要 privateDigest 不符',
      ],
    ];
    it.each(alterations)('fails when an entry is served with %s', async (_what, alter, why) => {
      const tamper = async (route: Route): Promise<void> => {
        const response = await route.fetch();
        const body = (await response.json()) as { items: LedgerEntry[] };
        alter(body.items);
        await route.fulfill({ response, json: body });
      };
      await page.route(EVENTS, tamper);
      try {
        await page.goto(`${server.url}/audit/verify`);
        const said = await run();
        expect(said).toContain('✗ 核验未通过');
        expect(said).toContain(why);
      } finally {
        await page.unroute(EVENTS, tamper);
      }
    });
  });

  it('is readable on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    for (const path of ['/verify', '/audit/verify']) {
      await phone.goto(`${server.url}${path}`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    await phone.close();
  });
});

/** The size line of a signed checkpoint answer. */
function bundleOfHead(res: { text: string }): number {
  return Number(res.text.split('\n')[1]);
}
