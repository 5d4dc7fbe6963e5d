import { getJson } from '../api.js';
import { chineseDate, yuan } from '../../../src/portal/views/format.js';
import { code, el, facts, formValue, problemText, show, table, viewLink } from './dom.js';
import type { View } from './view.js';

type Authority = { readonly name: string; readonly uscc: string | null } | null;
/** GET /v1/credit/contractors/:uscc (src/http/openapi/reads-credit.ts): the fields shown here. */
interface CreditRecord {
  readonly uscc: string;
  readonly name: string;
  readonly contractorKind: string;
  readonly contracts: readonly {
    contractId: string;
    projectId: string;
    amount: number;
    signedAt: string;
    status: string;
    position: number;
  }[];
  readonly contractsValue: number;
  readonly averageScore: number | null;
  readonly evaluations: readonly {
    evaluationId: string;
    contractId: string;
    evaluator: string;
    score: number;
    grade: string;
    evaluatedAt: string;
    position: number;
  }[];
  readonly penalties: readonly {
    penaltyId: string;
    decisionNumber: string | null;
    decidedAt: string;
    severity: string | null;
    fine?: number;
    authority: Authority;
    status: string;
    position: number;
  }[];
  readonly debarments: readonly { penaltyId: string; from: string; until: string; lifted: boolean }[];
  readonly dishonestyRecords: readonly { penaltyId: string; publishedFrom: string; publishedUntil: string | null; status: string }[];
  readonly debarredOn: { readonly date: string; readonly debarred: boolean };
}
interface DishonestyPage {
  readonly asOf: string;
  readonly items: readonly {
    penaltyId: string;
    uscc: string;
    name: string | null;
    decisionNumber: string | null;
    authority: Authority;
    severity: string | null;
    publishedFrom: string;
    publishedUntil: string | null;
    status: string;
    position: number;
  }[];
  readonly nextCursor: string;
}

const SEVERITY: Record<string, string> = { minor: '轻微', general: '一般', serious: '严重' };
const STATUS: Record<string, string> = {
  imposed: '生效',
  revoked: '已撤销',
  published: '公示中',
  withdrawn: '已撤回',
  repaired: '已信用修复',
  expired: '已到期',
};
const period = (from: string, until: string | null): string => `${chineseDate(from)} 至 ${until ? chineseDate(until) : '（未记录）'}`;
const named = (map: Record<string, string>, v: string | null): string => (v === null ? '—' : (map[v] ?? v));
const PAGE = 50;

/** A contractor's credit record (auditors see repaired records too) and the dishonesty list in force, keyset-paged. */
export function creditView(section: HTMLElement, key: () => string): View {
  const form = section.querySelector('form')!;
  const out = section.querySelector<HTMLElement>('[data-out]')!;
  const input = form.querySelector<HTMLInputElement>('input[name=uscc]')!;
  const fail = (e: unknown) => show(out, el('p', { class: 'problem' }, problemText(e)));

  async function contractor(uscc: string): Promise<void> {
    show(out, el('p', { class: 'muted' }, '正在查询…'));
    try {
      const r = await getJson<CreditRecord>(`/v1/credit/contractors/${encodeURIComponent(uscc)}`, key());
      show(
        out,
        el('h3', {}, r.name),
        facts([
          ['统一社会信用代码', code(r.uscc)],
          ['主体类型', code(r.contractorKind)],
          ['合同总额', yuan(r.contractsValue)],
          ['平均评价得分', r.averageScore === null ? '—' : String(r.averageScore)],
          [
            `${chineseDate(r.debarredOn.date)}是否禁止参与`,
            el('strong', { class: r.debarredOn.debarred ? 'bad' : 'ok' }, r.debarredOn.debarred ? '是' : '否'),
          ],
        ]),
        el('h4', {}, '合同'),
        table(
          ['合同', '项目', '金额', '签订日期', '状态', '台账位置'],
          r.contracts.map((c) => [
            c.contractId,
            viewLink('project', c.projectId),
            yuan(c.amount),
            chineseDate(c.signedAt),
            c.status,
            viewLink('entry', c.position),
          ]),
          [2],
        ),
        el('h4', {}, '绩效评价'),
        table(
          ['评价', '合同', '评价方', '得分', '等次', '日期', '台账位置'],
          r.evaluations.map((v) => [
            v.evaluationId,
            v.contractId,
            v.evaluator,
            String(v.score),
            v.grade,
            chineseDate(v.evaluatedAt),
            viewLink('entry', v.position),
          ]),
          [3],
        ),
        el('h4', {}, '行政处罚'),
        table(
          ['决定书文号', '决定日期', '严重程度', '罚款', '实施机关', '状态', '台账位置'],
          r.penalties.map((p) => [
            p.decisionNumber ?? '—',
            chineseDate(p.decidedAt),
            named(SEVERITY, p.severity),
            p.fine === undefined ? '—' : yuan(p.fine),
            p.authority?.name ?? '—',
            named(STATUS, p.status),
            viewLink('entry', p.position),
          ]),
          [3],
        ),
        el('h4', {}, '禁止参与期'),
        table(
          ['处罚', '期间', '已解除'],
          r.debarments.map((d) => [d.penaltyId, period(d.from, d.until), d.lifted ? '是' : '否']),
        ),
        el('h4', {}, '失信记录'),
        table(
          ['处罚', '公示期', '状态'],
          r.dishonestyRecords.map((d) => [d.penaltyId, period(d.publishedFrom, d.publishedUntil), named(STATUS, d.status)]),
        ),
      );
    } catch (e) {
      fail(e);
    }
  }

  async function dishonesty(after: string | null, body: HTMLElement | null): Promise<void> {
    try {
      const page = await getJson<DishonestyPage>(
        `/v1/credit/dishonesty?limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        key(),
      );
      const rows = page.items.map((d) => [
        d.name ?? '—',
        viewLink('credit', d.uscc),
        d.decisionNumber ?? '—',
        d.authority?.name ?? '—',
        named(SEVERITY, d.severity),
        period(d.publishedFrom, d.publishedUntil),
        named(STATUS, d.status),
        viewLink('entry', d.position),
      ]);
      const more = el('button', { type: 'button', class: 'secondary' }, '加载更多');
      more.hidden = page.items.length < PAGE;
      if (body === null) {
        const t = table(['名称', '统一社会信用代码', '决定书文号', '实施机关', '严重程度', '公示期', '状态', '台账位置'], rows);
        body = t.querySelector('tbody')!;
        show(out, el('h3', {}, `失信名单（${chineseDate(page.asOf)}在公示期内）`), t, el('div', { class: 'pager' }, more));
      } else {
        const tbody = body;
        rows.forEach((r) => tbody.append(el('tr', {}, ...r.map((c) => el('td', {}, c)))));
        out.querySelector('.pager')?.replaceChildren(more);
      }
      const target = body;
      more.addEventListener('click', () => void dishonesty(page.nextCursor, target));
    } catch (e) {
      fail(e);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const uscc = formValue(form, 'uscc');
    if (location.hash === `#credit/${encodeURIComponent(uscc)}`) void contractor(uscc);
    else location.hash = `credit/${encodeURIComponent(uscc)}`;
  });
  section.querySelector('[data-dishonesty]')!.addEventListener('click', () => {
    show(out, el('p', { class: 'muted' }, '正在查询…'));
    void dishonesty(null, null);
  });
  return {
    open: (arg) => {
      if (arg === null) return;
      input.value = arg;
      void contractor(arg);
    },
    clear: () => show(out),
  };
}
