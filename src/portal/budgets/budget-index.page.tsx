import type { Problem } from '../public-api';
import { Refused } from '../views/problem-page';
import { Layout } from '../views/layout';
import { budgetHref, regionLabel, regionPath } from './regions';

/** A fiscal year and the regions with disclosed projects in it, with the province and city above each. */
export interface YearRegions {
  readonly fiscalYear: number;
  readonly regions: readonly string[];
}

/** Pure: the region-years of some projects, newest year first; each year's codes sorted, the regions above them included. */
export function regionYears(projects: readonly { region: string; fiscalYear: number }[]): YearRegions[] {
  const years = new Map<number, Set<string>>();
  for (const p of projects) {
    const codes = years.get(p.fiscalYear) ?? new Set<string>();
    for (const code of regionPath(p.region)) codes.add(code);
    years.set(p.fiscalYear, codes);
  }
  return [...years.entries()].sort(([a], [b]) => b - a).map(([fiscalYear, codes]) => ({ fiscalYear, regions: [...codes].sort() }));
}

export interface BudgetIndexProps {
  readonly query: Readonly<Record<string, string>>;
  readonly years: readonly YearRegions[];
  /** How many of the latest projects the links were drawn from. */
  readonly sample: number;
  readonly problem?: Problem;
}

/** `/budgets`: pick a region and a fiscal year (a GET form, so the address holds the choice), or follow a link. */
export function BudgetIndexPage({ query, years, sample, problem }: BudgetIndexProps) {
  return (
    <Layout title="预算执行" section="budgets">
      <h1>预算执行</h1>
      <p>
        各地区每个预算年度的资金基数、预算上限（中央和省级资金的
        2%）以及已预留、已承诺和已支付的金额。省级页面列出所辖市，市级页面列出所辖县（区）。
      </p>
      <form class="filters" method="get" action="/budgets">
        <label>
          <span>行政区划代码（6 位）</span>
          <input name="region" value={query.region ?? ''} placeholder="如 220000" inputMode="numeric" required />
        </label>
        <label>
          <span>预算年度</span>
          <input name="fiscalYear" value={query.fiscalYear ?? ''} placeholder="如 2024" inputMode="numeric" required />
        </label>
        <div class="actions">
          <button type="submit">查看</button>
        </div>
      </form>
      {problem && <Refused problem={problem} status={400} />}
      <section aria-labelledby="recent">
        <h2 id="recent">有公开项目的地区</h2>
        <p class="muted">取自最近登记的 {sample} 个公开项目所在的地区及其上级。</p>
        {years.length === 0 ? (
          <p>还没有公开的项目。</p>
        ) : (
          years.map((y) => (
            <>
              <h3>{y.fiscalYear} 年度</h3>
              <ul class="region-links">
                {y.regions.map((r) => (
                  <li>
                    <a href={budgetHref(r, y.fiscalYear)}>{regionLabel(r)}</a>
                  </li>
                ))}
              </ul>
            </>
          ))
        )}
      </section>
    </Layout>
  );
}
