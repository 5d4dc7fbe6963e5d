import type { Problem } from '../public-api';
import { Layout } from './layout';

/**
 * A page the API refused: 404 (nothing of that id is disclosed) says so in plain words; any other refusal
 * (a malformed id, an unknown parameter) gives the API's reasons, each naming what was wrong.
 */
export function ProblemPage({ status, problem, what }: { status: number; problem: Problem; what: string }) {
  const notFound = status === 404;
  // 5xx: the service could not answer now (a read model rebuilt, a wait timed out), not the visitor's mistake.
  const title = notFound
    ? `未找到该${what}`
    : status >= 500
      ? `暂时无法显示，请稍后重试（${problem.code}）`
      : `请求有误（${problem.code}）`;
  return (
    <Layout title={title} section="projects">
      <section class="problem" role="alert">
        <h1>{title}</h1>
        {notFound ? <p>没有公开的此{what}：它可能不存在，或尚未公开。</p> : <Reasons problem={problem} />}
      </section>
      <p>
        <a href="/">返回项目列表</a>
      </p>
    </Layout>
  );
}

/** Why the API refused: each reason naming what was wrong, or its detail when it gives none. */
export function Reasons({ problem }: { problem: Problem }) {
  if (!problem.errors || problem.errors.length === 0) return <p>{problem.detail ?? problem.title}</p>;
  return (
    <ul>
      {problem.errors.map((e) => (
        <li>
          <code>{e.path}</code>：{e.message}
        </li>
      ))}
    </ul>
  );
}

/** A refused query on a page that still shows its form (the list, the budgets): the heading and the reasons. */
export function Refused({ problem, status }: { problem: Problem; status: number }) {
  return (
    <section class="problem" role="alert">
      <h2>
        {status >= 500 ? '数据正在更新，请稍后重试' : status === 404 ? '未找到' : '查询条件有误'}（{problem.code}）
      </h2>
      <Reasons problem={problem} />
    </section>
  );
}
