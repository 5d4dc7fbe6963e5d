/**
 * The console builds every element from data with createElement and textContent, never with HTML
 * strings: a value from the ledger is text, so no entry can run script in the tab that holds the key.
 */
import { ApiError } from '../api.js';

export type Child = Node | string | number | null | undefined | false;

/** `<tag attrs…>children</tag>`; strings become text nodes, null/false are left out. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

/** A table in its own scrolling box (a phone scrolls the table, not the page); `num` marks right-aligned columns. */
export function table(head: readonly string[], rows: readonly (readonly Child[])[], num: readonly number[] = []): HTMLElement {
  const cell = (tag: 'th' | 'td', c: Child, i: number) => el(tag, num.includes(i) ? { class: 'num' } : {}, c);
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...head.map((h, i) => cell('th', h, i)))),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => cell('td', c, i))))),
    ),
  );
}

/** A definition list of label → value. */
export const facts = (pairs: readonly (readonly [string, Child])[]): HTMLElement =>
  el('dl', { class: 'facts' }, ...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));

/** A link to another view of the console, by the address's fragment (which never goes to the server). */
export const viewLink = (view: string, arg: string | number, text: Child = String(arg)): HTMLAnchorElement =>
  el('a', { href: `#${view}/${encodeURIComponent(String(arg))}` }, text);

export const code = (text: string): HTMLElement => el('code', {}, text);

/** What went wrong, in words an auditor can act on. */
export function problemText(e: unknown): string {
  if (!(e instanceof ApiError)) return `无法连接服务：${e instanceof Error ? e.message : String(e)}`;
  switch (e.status) {
    case 401:
      return '密钥无效或已停用，请退出后重新登录。';
    case 403:
      return '此密钥没有审计权限。';
    case 404:
      return `未找到：${e.message}`;
    case 400:
      return `查询条件有误：${e.message}`;
    default:
      return `请求失败（${e.status} ${e.code}）：${e.message}`;
  }
}

/** Replaces a view's output with the given nodes. */
export const show = (out: HTMLElement, ...nodes: Child[]): void =>
  out.replaceChildren(...nodes.filter((n): n is Node | string => typeof n === 'string' || n instanceof Node));

export const shortHash = (hash: string): HTMLElement => el('code', { class: 'hash', title: hash }, hash);

/** Downloads a file made in the browser (a blob: address: nothing goes to the server). */
export function saveFile(name: string, blob: Blob): void {
  const href = URL.createObjectURL(blob);
  const a = el('a', { href, download: name, hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** A view's form values by input name. */
export const formValue = (form: HTMLFormElement, name: string): string => {
  const v = new FormData(form).get(name);
  return typeof v === 'string' ? v.trim() : '';
};
