import { send } from '../api.js';
import { count } from '../../../src/portal/views/format.js';
import { csvText } from './csv.js';
import { code, el, formValue, problemText, saveFile, show, table, viewLink } from './dom.js';
import type { View } from './view.js';

/** GET /v1/audit/findings's items (src/audit/domain/findings.ts). */
interface Finding {
  readonly code: string;
  readonly contractId?: string;
  readonly uscc?: string;
  readonly detail: string;
  readonly positions: readonly number[];
}
interface Findings {
  readonly region: string;
  readonly fiscalYear: number;
  readonly asOf: string;
  readonly items: readonly Finding[];
}

/** The findings' Chinese names (DOMAIN.md "Projections"). */
export const FINDING_NAMES: Record<string, string> = {
  LATE_ANNOUNCEMENT: '合同公告逾期',
  MISSING_EVALUATIONS: '绩效评价缺失',
  PAYMENTS_BEHIND_SCHEDULE: '付款滞后于计划',
  PAYMENTS_AHEAD_OF_SCHEDULE: '付款超前于计划',
  NEAR_BUDGET_CAP: '接近预算上限',
  MISSING_FINANCIAL_REPORT: '缺少审计财务报告',
  FAILED_EVALUATION_UNADDRESSED: '评价不合格未处理',
};

const CSV_HEADER = ['region', 'fiscalYear', 'asOf', 'code', 'name', 'contractId', 'uscc', 'detail', 'positions'];

/**
 * Compliance findings of a region-year, filtered further by kind here and paged here (the route answers a
 * region-year's findings at once). The CSV export is made here from the JSON shown, with the writer rules of
 * src/http/csv.ts (BOM, CRLF, formula cells as text; test/unit/audit/console-csv.spec.ts holds them equal).
 */
export function findingsView(section: HTMLElement, key: () => string): View {
  const form = section.querySelector('form')!;
  const out = section.querySelector<HTMLElement>('[data-out]')!;
  const csvButton = section.querySelector<HTMLButtonElement>('[data-csv]')!;
  const kinds = form.querySelector<HTMLSelectElement>('select[name=code]')!;
  for (const [c, name] of Object.entries(FINDING_NAMES)) kinds.append(el('option', { value: c }, name));
  let answer: Findings | null = null;
  let page = 1;

  const selected = (): readonly Finding[] => {
    const kind = formValue(form, 'code');
    return answer ? answer.items.filter((f) => kind === '' || f.code === kind) : [];
  };
  const pageSize = (): number => Math.min(100, Math.max(1, Number(formValue(form, 'pageSize')) || 20));

  function render(): void {
    if (!answer) return;
    const items = selected();
    const size = pageSize();
    const pages = Math.max(1, Math.ceil(items.length / size));
    page = Math.min(Math.max(1, page), pages);
    const rows = items
      .slice((page - 1) * size, page * size)
      .map((f) => [
        el('span', {}, FINDING_NAMES[f.code] ?? f.code, el('br'), code(f.code)),
        f.contractId ?? '',
        f.uscc ? viewLink('credit', f.uscc) : '',
        f.detail,
        el('span', {}, ...f.positions.flatMap((p, i) => [i > 0 ? ' ' : '', viewLink('entry', p)])),
      ]);
    const button = (label: string, to: number, rel: string) => {
      const b = el('button', { type: 'button', class: 'secondary', 'data-page': rel }, label);
      b.disabled = to < 1 || to > pages;
      b.addEventListener('click', () => {
        page = to;
        render();
      });
      return b;
    };
    show(
      out,
      el(
        'p',
        { class: 'muted', 'data-summary': '' },
        `${answer.region} ${answer.fiscalYear} 年度：共 ${count(items.length)} 条发现，第 ${page} / ${pages} 页（截至 ${answer.asOf}）`,
      ),
      items.length === 0 ? el('p', {}, '没有发现。') : table(['类型', '合同', '承接主体', '说明', '台账位置'], rows),
      el('nav', { class: 'pager', 'aria-label': '翻页' }, button('上一页', page - 1, 'prev'), button('下一页', page + 1, 'next')),
    );
  }

  async function load(): Promise<void> {
    const query = new URLSearchParams({ region: formValue(form, 'region'), fiscalYear: formValue(form, 'fiscalYear') });
    show(out, el('p', { class: 'muted' }, '正在查询…'));
    try {
      answer = (await (await send(`/v1/audit/findings?${query}`, 'application/json', key())).json()) as Findings;
      page = 1;
      csvButton.disabled = false;
      render();
    } catch (e) {
      answer = null;
      csvButton.disabled = true;
      show(out, el('p', { class: 'problem' }, problemText(e)));
    }
  }

  function exportCsv(): void {
    if (!answer) return;
    const { region, fiscalYear, asOf } = answer;
    // What the console shows, in one form whatever the filter: the region-year, the date judged, the kind's
    // Chinese name. (The API's own CSV, `Accept: text/csv`, has the route's JSON columns, for API clients.)
    const rows = selected().map((f) => [
      region,
      fiscalYear,
      asOf,
      f.code,
      FINDING_NAMES[f.code] ?? '',
      f.contractId,
      f.uscc,
      f.detail,
      f.positions.join(' '),
    ]);
    saveFile(`findings-${region}-${fiscalYear}.csv`, new Blob([csvText(CSV_HEADER, rows)], { type: 'text/csv;charset=utf-8' }));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  kinds.addEventListener('change', () => {
    page = 1;
    render();
  });
  form.querySelector('input[name=pageSize]')!.addEventListener('change', () => {
    page = 1;
    render();
  });
  csvButton.addEventListener('click', exportCsv);
  return { open: () => undefined, clear: () => ((answer = null), (csvButton.disabled = true), show(out)) };
}
