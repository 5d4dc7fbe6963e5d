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
        {notFound ? (
          <p>没有公开的此{what}：它可能不存在，或尚未公开。</p>
        ) : problem.errors && problem.errors.length > 0 ? (
          <ul>
            {problem.errors.map((e) => (
              <li>
                <code>{e.path}</code>：{e.message}
              </li>
            ))}
          </ul>
        ) : (
          <p>{problem.detail ?? problem.title}</p>
        )}
      </section>
      <p>
        <a href="/">返回项目列表</a>
      </p>
    </Layout>
  );
}
