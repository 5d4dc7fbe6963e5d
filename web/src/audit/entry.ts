import { getJson } from '../api.js';
import { count } from '../../../src/portal/views/format.js';
import { code, el, facts, formValue, problemText, shortHash, show, viewLink } from './dom.js';
import type { View } from './view.js';

/** A ledger entry as GET /v1/ledger/events answers auditors (API.md "Ledger entry envelope"). */
export interface Envelope {
  readonly position: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly privateDigest?: string;
  readonly metadata: {
    readonly actor: string;
    readonly role: string;
    readonly correlationId: string;
    readonly causationId: string;
    readonly idempotencyKey?: string;
  };
  readonly recordedAt: string;
  readonly leafHash: string;
  readonly private?: unknown;
  readonly privateSalt?: string;
  /** Its private part was erased (PIPL art. 47): the digest stays. Not part of the hash. */
  readonly privateErased?: true;
}

const json = (value: unknown): HTMLElement => el('pre', { class: 'json' }, JSON.stringify(value, null, 2));

/**
 * The raw entry at a position (GET /v1/ledger/events?after=p−1&limit=1): the envelope exactly as hashed,
 * and apart from it, in a box marked 非公开, the private part and its salt that only auditors (and the
 * owning purchaser) may see — never part of the hash, and erased when the law requires.
 */
export function entryView(section: HTMLElement, key: () => string): View {
  const form = section.querySelector('form')!;
  const out = section.querySelector<HTMLElement>('[data-out]')!;
  const input = form.querySelector<HTMLInputElement>('input[name=position]')!;

  async function load(position: number): Promise<void> {
    show(out, el('p', { class: 'muted' }, '正在查询…'));
    try {
      const { items } = await getJson<{ items: readonly Envelope[] }>(`/v1/ledger/events?after=${position - 1}&limit=1`, key());
      const entry = items[0];
      if (!entry || entry.position !== position)
        return show(out, el('p', { class: 'problem' }, `台账中没有位置 ${count(position)} 的记录。`));
      const { private: privatePart, privateSalt, privateErased: _erased, ...envelope } = entry;
      const { metadata: m } = entry;
      show(
        out,
        facts([
          ['台账位置', count(entry.position)],
          ['事件类型', code(entry.type)],
          ['流', el('span', {}, code(entry.streamId), `（第 ${entry.streamVersion} 条）`)],
          ['记录时间 (UTC)', entry.recordedAt],
          ['叶哈希 (leafHash)', shortHash(entry.leafHash)],
          ['操作者', el('span', {}, code(m.actor), `（${m.role}）`)],
          ['关联 ID', code(m.correlationId)],
          ['因果 ID', code(m.causationId)],
        ]),
        el('h3', {}, '台账记录（公开部分，参与哈希计算）'),
        json(envelope),
        privatePart !== undefined
          ? el(
              'div',
              { class: 'private', 'data-private': '' },
              el('h3', {}, '非公开数据'),
              el('p', { class: 'muted' }, '服务对象个人信息和内部备注：仅审计可见，不参与叶哈希，由 privateDigest 承诺。'),
              json({ private: privatePart, privateSalt }),
            )
          : entry.privateDigest !== undefined
            ? el('p', { class: 'muted' }, '此记录的非公开部分已依法删除（privateDigest 仍保留）。')
            : el('p', { class: 'muted' }, '此记录没有非公开部分。'),
        el(
          'nav',
          { class: 'pager', 'aria-label': '相邻记录' },
          position > 1 && viewLink('entry', position - 1, '上一条'),
          viewLink('entry', position + 1, '下一条'),
        ),
      );
    } catch (e) {
      show(out, el('p', { class: 'problem' }, problemText(e)));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = formValue(form, 'position');
    if (location.hash === `#entry/${p}`) void open(p);
    else location.hash = `entry/${p}`;
  });
  const open = (arg: string | null): void => {
    if (arg === null) return;
    input.value = arg;
    const p = Number(arg);
    if (!Number.isSafeInteger(p) || p < 1) return show(out, el('p', { class: 'problem' }, '台账位置须为正整数。'));
    void load(p);
  };
  return { open, clear: () => show(out) };
}
