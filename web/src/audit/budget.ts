import { getJson } from '../api.js';
import { yuan } from '../../../src/portal/views/format.js';
import { el, facts, formValue, problemText, show, table, viewLink } from './dom.js';
import type { View } from './view.js';

type Spent = { readonly reserved: number; readonly committed: number; readonly paid: number };
/** GET /v1/budgets/:region/:fiscalYear (src/http/openapi/reads-state.ts). */
interface Budget {
  readonly region: string;
  readonly fiscalYear: number;
  readonly capRule: string;
  readonly fundBase: number;
  readonly cap: number;
  readonly reserved: number;
  readonly committed: number;
  readonly paid: number;
  readonly released: number;
  readonly remaining: number;
  readonly funds: { readonly allocations: readonly { source: string; amount: number; reference: string; position: number }[] };
  readonly byCategory: Record<string, Spent>;
  readonly byPurchaser: Record<string, Spent & { readonly name: string }>;
}

const SOURCES: Record<string, string> = { central: '中央', provincial: '省级' };

/** A region-year's budget against its cap, as auditors see it: the figures, then by category, purchaser and fund. */
export function budgetView(section: HTMLElement, key: () => string): View {
  const form = section.querySelector('form')!;
  const out = section.querySelector<HTMLElement>('[data-out]')!;
  let names: Promise<Map<string, string>> | null = null;
  // The catalogue's Chinese names of categories (public, fetched once).
  const categoryNames = (): Promise<Map<string, string>> =>
    (names ??= getJson<{ purchasable: { code: string; name: string }[] }>('/v1/catalogue')
      .then((c) => new Map(c.purchasable.map((p) => [p.code, p.name])))
      .catch(() => new Map()));

  async function load(region: string, year: string): Promise<void> {
    show(out, el('p', { class: 'muted' }, '正在查询…'));
    try {
      const [b, catNames] = await Promise.all([
        getJson<Budget>(`/v1/budgets/${encodeURIComponent(region)}/${encodeURIComponent(year)}`, key()),
        categoryNames(),
      ]);
      const spent = (s: Spent) => [yuan(s.reserved), yuan(s.committed), yuan(s.paid)];
      show(
        out,
        el('h3', {}, `${b.region} ${b.fiscalYear} 年度`),
        facts([
          ['资金基数', yuan(b.fundBase)],
          ['上限', el('span', {}, yuan(b.cap), el('br'), el('span', { class: 'muted' }, b.capRule))],
          ['已预留', yuan(b.reserved)],
          ['已签约', yuan(b.committed)],
          ['已支付', yuan(b.paid)],
          ['已释放', yuan(b.released)],
          ['剩余额度', el('span', { class: b.remaining < 0 ? 'bad' : '' }, yuan(b.remaining))],
        ]),
        el('h3', {}, '按类别'),
        table(
          ['类别', '已预留', '已签约', '已支付'],
          Object.entries(b.byCategory).map(([c, s]) => [catNames.get(c) ?? c, ...spent(s)]),
          [1, 2, 3],
        ),
        el('h3', {}, '按购买主体'),
        table(
          ['购买主体', '已预留', '已签约', '已支付'],
          Object.entries(b.byPurchaser).map(([c, s]) => [`${s.name}（${c}）`, ...spent(s)]),
          [1, 2, 3],
        ),
        el('h3', {}, '资金下达'),
        table(
          ['来源', '文号', '金额', '台账位置'],
          b.funds.allocations.map((a) => [SOURCES[a.source] ?? a.source, a.reference, yuan(a.amount), viewLink('entry', a.position)]),
          [2, 3],
        ),
      );
    } catch (e) {
      show(out, el('p', { class: 'problem' }, problemText(e)));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(formValue(form, 'region'), formValue(form, 'fiscalYear'));
  });
  return { open: () => undefined, clear: () => show(out) };
}
