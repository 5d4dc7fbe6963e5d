import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/app';
import type { Clock } from '../../../src/shared/clock';

/** Debian's Chromium (`apt-get install chromium`, done by .ci/run when it is missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of every page the suites open, for a reviewer to look at (git-ignored). */
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

/**
 * Headless, and nothing that reaches out: this machine's network is closed, and Chromium's background
 * services would try Google's hosts at every start. As root (CI), Chromium needs --no-sandbox.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * `describe` for suites that drive Chromium: skipped with the reason when it is not installed, unless
 * REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser fails the suite.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) return describe(`${name} [chromium]`, body);
  const reason = `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === '1')
    return describe(`${name} [chromium]`, () =>
      it('has a browser to run in (REQUIRE_BROWSER=1)', () => {
        throw new Error(reason);
      }));
  console.warn(`SKIPPED ${name} [chromium]: ${reason}`);
  describe.skip(`${name} [chromium] (skipped: ${reason})`, body);
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });

/** The real application on a fresh SQLite store, listening on a loopback port for the browser. */
export interface PortalServer {
  readonly t: TestApp;
  readonly url: string;
}

export async function startPortal(clock?: Clock): Promise<PortalServer> {
  const t = await startTestApp('sqlite', {}, clock);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, url: `http://127.0.0.1:${port}` };
}

/** A full-page screenshot as test/artifacts/<name>.png; returns the file name. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = `${name}.png`;
  await page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
  return file;
}

/** What a page cost to load, from the browser's own performance API (Navigation and Resource Timing). */
export interface PageWeight {
  /** Bytes transferred for the document and every resource but images (headers included, as the browser counts them). */
  readonly transferBytes: number;
  /** First contentful paint, ms after navigation start. */
  readonly firstRenderMs: number;
}

/** The timing entries read below, typed here: the test project compiles without the DOM library. */
interface Timing {
  readonly name: string;
  readonly startTime: number;
  readonly transferSize?: number;
  readonly initiatorType?: string;
  readonly domContentLoadedEventEnd?: number;
}

export async function pageWeight(page: Page): Promise<PageWeight> {
  return page.evaluate(() => {
    const entries = (type: string): Timing[] => performance.getEntriesByType(type);
    const nav = entries('navigation')[0];
    const resources = entries('resource').filter((r) => r.initiatorType !== 'img');
    const paint = entries('paint').find((p) => p.name === 'first-contentful-paint');
    return {
      transferBytes: (nav.transferSize ?? 0) + resources.reduce((sum, r) => sum + (r.transferSize ?? 0), 0),
      firstRenderMs: Math.round(paint ? paint.startTime : (nav.domContentLoadedEventEnd ?? 0)),
    };
  });
}
