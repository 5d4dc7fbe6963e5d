import { getJson } from '../api.js';
import { count } from '../../../src/portal/views/format.js';
import { code, el, formValue, problemText, shortHash, show, table, viewLink } from './dom.js';
import type { Envelope } from './entry.js';
import type { View } from './view.js';

/**
 * A project's full history (GET /v1/projects/:projectId/history): every entry of the project, its
 * contracts and penalties in ledger order, with position, leaf hash, actor and correlation id; each
 * position opens the raw entry. The private parts the answer carries are not shown here (the entry view
 * shows them, marked).
 */
export function historyView(section: HTMLElement, key: () => string): View {
  const form = section.querySelector('form')!;
  const out = section.querySelector<HTMLElement>('[data-out]')!;
  const input = form.querySelector<HTMLInputElement>('input[name=projectId]')!;

  async function load(projectId: string): Promise<void> {
    show(out, el('p', { class: 'muted' }, '正在查询…'));
    try {
      const { items } = await getJson<{ projectId: string; items: readonly Envelope[] }>(
        `/v1/projects/${encodeURIComponent(projectId)}/history`,
        key(),
      );
      const rows = items.map((e) => [
        viewLink('entry', e.position, count(e.position)),
        code(e.type),
        el('time', { datetime: e.recordedAt }, e.recordedAt),
        shortHash(e.leafHash),
        el('span', {}, code(e.metadata.actor), el('br'), e.metadata.role),
        code(e.metadata.correlationId),
      ]);
      show(
        out,
        el('p', { class: 'muted' }, `项目 ${projectId}：共 ${count(items.length)} 条台账记录（按台账位置排列）`),
        table(['台账位置', '事件类型', '记录时间 (UTC)', '叶哈希 (leafHash)', '操作者', '关联 ID (correlationId)'], rows, [0]),
      );
    } catch (e) {
      show(out, el('p', { class: 'problem' }, problemText(e)));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = formValue(form, 'projectId');
    // The fragment holds the project, so the history can be reopened with the back button.
    if (location.hash === `#project/${encodeURIComponent(id)}`) void load(id);
    else location.hash = `project/${encodeURIComponent(id)}`;
  });
  return {
    open: (arg) => {
      if (arg === null) return;
      input.value = arg;
      void load(arg);
    },
    clear: () => show(out),
  };
}
