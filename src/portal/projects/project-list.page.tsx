import { PROCUREMENT_METHODS } from '../../../events/common';
import { DISCLOSURE_STATUSES } from '../../../projections/disclosure/disclosure.projection';
import { SORTS } from '../../disclosure/queries/project-list.query';
import type { Catalogue, DisclosedProject, ProjectPage } from '../views/disclosure-types';
import { chineseDate, count, yuan } from '../views/format';
import { METHOD_NAMES, STATUS_NAMES } from '../views/labels';
import { Layout } from '../views/layout';
import type { Refusal } from '../public-api';
import { Refused } from '../views/problem-page';

const SORT_NAMES: Record<(typeof SORTS)[number], string> = {
  '-date': '立项日期（新→旧）',
  date: '立项日期（旧→新）',
  '-amount': '预算金额（高→低）',
  amount: '预算金额（低→高）',
};

export interface ProjectListProps {
  /** The query as the visitor gave it: the form shows it back, the links keep it. */
  readonly query: Readonly<Record<string, string>>;
  readonly catalogue: Catalogue;
  readonly result: { ok: true; value: ProjectPage } | Refusal;
}

/** The same query with some parameters changed (empty values dropped): pages, sort and downloads keep the search. */
export function withQuery(path: string, query: Readonly<Record<string, string>>, change: Record<string, string | undefined> = {}): string {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...query, ...change })) if (v !== undefined && v !== '') merged[k] = v;
  const qs = new URLSearchParams(merged).toString();
  return qs === '' ? path : `${path}?${qs}`;
}

function Field({
  name,
  label,
  query,
  type = 'text',
  hint,
}: {
  name: string;
  label: string;
  query: Record<string, string>;
  type?: string;
  hint?: string;
}) {
  return (
    <label>
      <span>{label}</span>
      <input name={name} type={type} value={query[name] ?? ''} placeholder={hint} />
    </label>
  );
}

function Choice({
  name,
  label,
  query,
  options,
}: {
  name: string;
  label: string;
  query: Record<string, string>;
  options: readonly [string, string][];
}) {
  return (
    <label>
      <span>{label}</span>
      <select name={name}>
        <option value="">全部</option>
        {options.map(([value, text]) => (
          <option value={value} selected={query[name] === value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Row({ p, categories }: { p: DisclosedProject; categories: ReadonlyMap<string, string> }) {
  const award = p.award;
  return (
    <tr>
      <td>
        <a href={`/projects/${encodeURIComponent(p.projectId)}`}>{p.project.title}</a>
        <div class="muted">{p.projectId}</div>
      </td>
      <td>{p.project.purchaser.name}</td>
      <td>{categories.get(p.project.category) ?? p.project.category}</td>
      <td class="num">{yuan(p.project.budget)}</td>
      <td>{award ? <a href={`/contractors/${award.contractorUscc}`}>{award.contractorName}</a> : '—'}</td>
      <td>{p.tender ? METHOD_NAMES[p.tender.method] : '—'}</td>
      <td>{STATUS_NAMES[p.status]}</td>
      <td>{chineseDate(p.registeredOn)}</td>
    </tr>
  );
}

/** `/`: the disclosed projects, searched with the same parameters as GET /v1/disclosure/projects. */
export function ProjectListPage({ query, catalogue, result }: ProjectListProps) {
  const categories = new Map(catalogue.purchasable.map((c) => [c.code, c.name]));
  return (
    <Layout title="项目公开" section="projects">
      <h1>政府购买社会救助服务项目</h1>
      <form class="filters" method="get" action="/" role="search">
        <Field name="q" label="关键词（项目名称、购买主体、承接主体）" query={query} type="search" />
        <Field name="region" label="行政区划代码（省级含所辖市县）" query={query} hint="如 220000" />
        <Field name="fiscalYear" label="预算年度" query={query} hint="如 2024" />
        <Choice name="category" label="服务类别" query={query} options={catalogue.purchasable.map((c) => [c.code, c.name])} />
        <Field name="contractor" label="承接主体统一社会信用代码" query={query} />
        <Choice name="method" label="采购方式" query={query} options={PROCUREMENT_METHODS.map((m) => [m, METHOD_NAMES[m]])} />
        <Choice name="status" label="进展" query={query} options={DISCLOSURE_STATUSES.map((s) => [s, STATUS_NAMES[s]])} />
        <Field name="from" label="立项日期自" query={query} type="date" />
        <Field name="to" label="立项日期至" query={query} type="date" />
        <Choice name="sort" label="排序" query={query} options={SORTS.map((s) => [s, SORT_NAMES[s]])} />
        <Field name="pageSize" label="每页条数（1–100）" query={query} hint="20" />
        <div class="actions">
          <button type="submit">查询</button>
          <a href="/">清除条件</a>
        </div>
      </form>
      {result.ok ? (
        <Results page={result.value} query={query} categories={categories} />
      ) : (
        <Refused problem={result.problem} status={result.status} />
      )}
    </Layout>
  );
}

function Results({
  page,
  query,
  categories,
}: {
  page: ProjectPage;
  query: Record<string, string>;
  categories: ReadonlyMap<string, string>;
}) {
  const csvQuery = { ...query, page: undefined, pageSize: undefined };
  return (
    <section aria-labelledby="results">
      <h2 id="results">
        共 {count(page.total)} 个项目{page.pages > 1 ? `，第 ${count(page.page)} / ${count(page.pages)} 页` : ''}
      </h2>
      <p class="downloads">
        下载：<a href={withQuery('/download/projects.csv', query, csvQuery)}>本次查询的全部结果（CSV）</a>
        {' · '}
        <a href="/v1/disclosure/ocds/releases">OCDS 发布包（JSON）</a>
      </p>
      {page.items.length === 0 ? (
        <p>没有符合条件的项目。</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">项目</th>
                <th scope="col">购买主体</th>
                <th scope="col">服务类别</th>
                <th scope="col">预算金额</th>
                <th scope="col">承接主体</th>
                <th scope="col">采购方式</th>
                <th scope="col">进展</th>
                <th scope="col">立项日期</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <Row p={p} categories={categories} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="分页">
        {page.page > 1 && (
          <a rel="prev" href={withQuery('/', query, { page: String(page.page - 1) })}>
            上一页
          </a>
        )}
        {page.page < page.pages && (
          <a rel="next" href={withQuery('/', query, { page: String(page.page + 1) })}>
            下一页
          </a>
        )}
      </nav>
    </section>
  );
}
