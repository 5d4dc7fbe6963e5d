/**
 * The auditor console at /audit (issue 16). The key is pasted into a field with no name, checked with an
 * auditor-only request, kept in this tab's sessionStorage only and sent as the bearer header: never in an
 * address, a cookie or the page. Views are chosen by the address's fragment (#findings, #project/P-1,
 * #entry/12, #budget, #credit/USCC), which the browser never sends to the server.
 */
import { ApiError, forgetKey, getJson, storedKey, storeKey } from './api.js';
import { budgetView } from './audit/budget.js';
import { creditView } from './audit/credit.js';
import { problemText } from './audit/dom.js';
import { entryView } from './audit/entry.js';
import { findingsView } from './audit/findings.js';
import { historyView } from './audit/history.js';
import type { View } from './audit/view.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const signin = byId<HTMLFormElement>('signin');
const keyInput = byId<HTMLInputElement>('signin-key');
const consoleEl = byId<HTMLElement>('console');
const status = byId<HTMLElement>('status');

const key = (): string => storedKey() ?? '';
const views: Record<string, View> = {
  findings: findingsView(byId('findings'), key),
  project: historyView(byId('project'), key),
  entry: entryView(byId('entry'), key),
  budget: budgetView(byId('budget'), key),
  credit: creditView(byId('credit'), key),
};

function say(text: string, problem = false): void {
  status.textContent = text;
  status.className = problem ? 'problem' : 'muted';
}

/** Shows the view the fragment names (#entry/12 → the entry view at 12); the findings when it names none. */
function route(): void {
  if (storedKey() === null) return;
  const [name = '', ...rest] = location.hash.slice(1).split('/');
  const view = name in views ? name : 'findings';
  for (const section of consoleEl.querySelectorAll<HTMLElement>('[data-view]')) section.hidden = section.id !== view;
  for (const a of consoleEl.querySelectorAll<HTMLAnchorElement>('nav.tabs a[href^="#"]')) {
    if (a.getAttribute('href') === `#${view}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  views[view].open(rest.length > 0 ? decodeURIComponent(rest.join('/')) : null);
}

function signedIn(on: boolean): void {
  signin.hidden = on;
  consoleEl.hidden = !on;
  if (on) route();
  else keyInput.focus();
}

signin.addEventListener('submit', (e) => {
  e.preventDefault();
  const candidate = keyInput.value.trim();
  if (candidate === '') return say('请粘贴审计密钥。', true);
  say('正在核对密钥…');
  // An auditor-only read: a wrong key is a 401, another role's key a 403.
  getJson('/v1/ledger/events?limit=1', candidate).then(
    () => {
      storeKey(candidate);
      keyInput.value = '';
      say('已登录。密钥只保存在本标签页中。');
      signedIn(true);
    },
    (err: unknown) => {
      const refused = err instanceof ApiError && (err.status === 401 || err.status === 403);
      say(
        refused
          ? err.status === 401
            ? '登录失败：密钥无效。'
            : '登录失败：此密钥不是审计密钥，没有审计权限。'
          : `登录失败：${problemText(err)}`,
        true,
      );
    },
  );
});

byId('signout').addEventListener('click', () => {
  forgetKey();
  for (const v of Object.values(views)) v.clear();
  // The fragment may name a project or an entry: nothing of the session stays in the address either.
  history.replaceState(null, '', location.pathname);
  say('已退出登录，密钥已从本标签页清除。');
  signedIn(false);
});

window.addEventListener('hashchange', route);
signedIn(storedKey() !== null);
