import type { BudgetFigures, DisclosedBudget, DisclosedBudgetChildren } from '../../budgets/queries/disclosed-budget';
import type { Problem } from '../public-api';
import { Refused } from '../views/problem-page';
import type { Catalogue } from '../views/disclosure-types';
import { yuan } from '../views/format';
import { Layout } from '../views/layout';
import { BarChart, CHART_STYLES } from './budget-chart';
import { budgetHref, regionLabel, regionPath, share } from './regions';

export interface BudgetPageProps {
  readonly region: string;
  readonly fiscalYear: string;
  readonly result:
    | { ok: true; budget: DisclosedBudget; children: DisclosedBudgetChildren; catalogue: Catalogue }
    | { ok: false; status: number; problem: Problem };
}

/** "2% of the same year's …" → "2%": the pack's percent as the API states it. */
const capPercent = (capRule: string): string => /^\d+(\.\d+)?%/.exec(capRule)?.[0] ?? '2%';

/** Nothing recorded for the region-year: no funds in its base year, no project, no contract, no payment. */
const isEmpty = (b: DisclosedBudget): boolean =>
  b.fundBase === 0 && b.reserved === 0 && b.committed === 0 && b.paid === 0 && Object.keys(b.byCategory).length === 0;

/** `/budgets/:region/:fiscalYear`: a region-year's public budget figures, as a table and a chart, and the regions below it. */
export function BudgetPage({ region, fiscalYear, result }: BudgetPageProps) {
  return (
    <Layout title={`${region} ${fiscalYear} 年度预算执行`} section="budgets" styles={CHART_STYLES}>
      <nav class="crumbs" aria-label="上级地区">
        <a href="/budgets">预算执行</a>
        {result.ok &&
          regionPath(region)
            .slice(0, -1)
            .map((r) => (
              <>
                {' › '}
                <a href={budgetHref(r, result.budget.fiscalYear)}>{regionLabel(r)}</a>
              </>
            ))}
      </nav>
      <h1>
        {result.ok ? regionLabel(region) : region} {fiscalYear} 年度预算执行
      </h1>
      {result.ok ? (
        <Budget budget={result.budget} children={result.children} catalogue={result.catalogue} />
      ) : result.status === 400 ? (
        <Refused problem={result.problem} status={result.status} />
      ) : (
        <section class="problem" role="alert">
          <h2>
            暂时无法显示（{result.status} {result.problem.code}）
          </h2>
          <p>{result.problem.detail ?? result.problem.title}</p>
        </section>
      )}
    </Layout>
  );
}

function Budget({ budget: b, children, catalogue }: { budget: DisclosedBudget; children: DisclosedBudgetChildren; catalogue: Catalogue }) {
  const percent = capPercent(b.capRule);
  const base = b.fundBaseYear === b.fiscalYear ? '当年' : `上一年度（${b.fundBaseYear} 年）`;
  const rows: [string, number, string][] = [
    [`资金基数（${base}中央和省级资金）`, b.fundBase, ''],
    [`预算上限（资金基数的 ${percent}）`, b.cap, share(b.cap, b.cap)],
    ['已预留（立项时预留的预算）', b.reserved, share(b.reserved, b.cap)],
    ['已承诺（合同金额）', b.committed, share(b.committed, b.cap)],
    ['已支付', b.paid, share(b.paid, b.cap)],
    ['上限剩余', b.remaining, share(b.remaining, b.cap)],
  ];
  return (
    <>
      {isEmpty(b) && (
        <p class="notice" role="status">
          未查到 {regionLabel(b.region)} {b.fiscalYear} 年度本级登记的资金、项目或支付：下表各项均为 0。
          {children.children.length > 0 && '下级地区的预算见本页末尾。'}
        </p>
      )}
      <section aria-labelledby="figures">
        <h2 id="figures">本级预算执行情况</h2>
        <p>
          上限使用率：已预留占预算上限的 <strong class={b.remaining < 0 ? 'bad' : undefined}>{share(b.reserved, b.cap)}</strong>
          {b.remaining < 0 && '（已超出上限）'}。
        </p>
        <div class="table-wrap">
          <table class="figures">
            <thead>
              <tr>
                <th scope="col">项目</th>
                <th scope="col">金额</th>
                <th scope="col">占预算上限</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, fen, ratio]) => (
                <tr>
                  <th scope="row">{label}</th>
                  <td class="num">{yuan(fen)}</td>
                  <td class="num">{ratio}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {Math.max(b.cap, b.reserved, b.committed, b.paid) > 0 && (
          <BarChart
            caption={`预算上限与执行（${yuan(b.cap)} = 上限）`}
            bars={[
              { label: `预算上限 ${percent}`, value: b.cap, text: yuan(b.cap) },
              { label: `已预留 ${share(b.reserved, b.cap)}`, value: b.reserved, text: yuan(b.reserved) },
              { label: `已承诺 ${share(b.committed, b.cap)}`, value: b.committed, text: yuan(b.committed) },
              { label: `已支付 ${share(b.paid, b.cap)}`, value: b.paid, text: yuan(b.paid) },
            ]}
          />
        )}
        <p>
          <a href={`/?region=${encodeURIComponent(b.region)}&fiscalYear=${b.fiscalYear}`}>查看本地区本年度的项目</a>
          {' · '}
          <a href={`/v1/disclosure/budgets/${encodeURIComponent(b.region)}/${b.fiscalYear}`}>数据接口（JSON）</a>
        </p>
      </section>
      <Categories budget={b} catalogue={catalogue} />
      <Children region={b.region} children={children.children} />
    </>
  );
}

function Categories({ budget, catalogue }: { budget: DisclosedBudget; catalogue: Catalogue }) {
  const names = new Map(catalogue.purchasable.map((c) => [c.code, c.name]));
  const lines = Object.entries(budget.byCategory).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-labelledby="categories">
      <h2 id="categories">按服务类别</h2>
      {lines.length === 0 ? (
        <p>本年度本级没有登记项目。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">服务类别</th>
                <th scope="col">已预留</th>
                <th scope="col">已承诺</th>
                <th scope="col">已支付</th>
              </tr>
            </thead>
            <tbody>
              {lines.map(([code, c]) => (
                <tr>
                  <th scope="row">
                    {names.get(code) ?? '未列入目录的类别'}
                    <div class="muted">{code}</div>
                  </th>
                  <ConsumptionCells of={c} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The cities of a province or the counties of a city with a budget that year; a county has none to list. */
function Children({ region, children }: { region: string; children: readonly BudgetFigures[] }) {
  if (!region.endsWith('00')) return null;
  return (
    <section aria-labelledby="children">
      <h2 id="children">下级地区（本级数字，不含其下级）</h2>
      {children.length === 0 ? (
        <p>本年度没有下级地区登记预算。</p>
      ) : (
        <div class="table-wrap">
          <table class="children">
            <thead>
              <tr>
                <th scope="col">地区</th>
                <th scope="col">预算上限</th>
                <th scope="col">已预留</th>
                <th scope="col">已承诺</th>
                <th scope="col">已支付</th>
              </tr>
            </thead>
            <tbody>
              {children.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={budgetHref(c.region, c.fiscalYear)}>{regionLabel(c.region)}</a>
                  </th>
                  <td class="num">{yuan(c.cap)}</td>
                  <ConsumptionCells of={c} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** What a budget line has used: reserved, committed and paid, in 元 (the category and the child-region tables). */
function ConsumptionCells({ of }: { of: { readonly reserved: number; readonly committed: number; readonly paid: number } }) {
  return (
    <>
      <td class="num">{yuan(of.reserved)}</td>
      <td class="num">{yuan(of.committed)}</td>
      <td class="num">{yuan(of.paid)}</td>
    </>
  );
}
