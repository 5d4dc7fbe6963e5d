import type { ComponentChildren } from 'preact';
import type { DisclosedContractor } from '../../disclosure/queries/contractor-view';
import { DISHONESTY_STATUS_NAMES, gradeName, OUTCOME_NAMES, PENALTY_STATUS_NAMES } from '../views/fact-labels';
import { chineseDate, count, yuan } from '../views/format';
import { EVALUATOR_NAMES } from '../views/labels';
import { VerifyFact } from '../views/verify-fact';

/** A table that scrolls in its own box on a phone, or a line saying there is nothing of the kind. */
function Table({ head, rows, empty }: { head: readonly string[]; rows: readonly ComponentChildren[]; empty: string }) {
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
    </div>
  );
}

const projectLink = (projectId: string, text: string = projectId) => <a href={`/projects/${encodeURIComponent(projectId)}`}>{text}</a>;
/** A project named by its title when the awards list it (the newest 100), else by its id. */
const ofProject = (c: DisclosedContractor, projectId: string) =>
  projectLink(projectId, c.awards.find((a) => a.projectId === projectId)?.title);
const until = (d: string | null): string => (d === null ? '（未记录）' : chineseDate(d));

export function Awards({ c }: { c: DisclosedContractor }) {
  const list = `/?contractor=${encodeURIComponent(c.uscc)}`;
  return (
    <section aria-labelledby="awards">
      <h2 id="awards">承接的项目（{count(c.awardsTotal)} 个）</h2>
      {c.awardsTotal > c.awards.length && (
        <p class="muted">
          以下为最近立项的 {count(c.awards.length)} 个，全部见<a href={list}>项目列表</a>。
        </p>
      )}
      <Table
        head={['项目', '购买主体', '成交金额', '成交日期', '台账记录']}
        empty="尚无公告成交的项目。"
        rows={c.awards.map((a) => (
          <tr>
            <td>{projectLink(a.projectId, a.title)}</td>
            <td>{a.purchaser.name}</td>
            <td class="num">{yuan(a.amount)}</td>
            <td>{chineseDate(a.awardedAt)}</td>
            <td>
              <VerifyFact position={a.position} />
            </td>
          </tr>
        ))}
      />
      <p>
        <a href={list}>在项目列表中查看该承接主体的项目</a>
      </p>
    </section>
  );
}

export function Contracts({ c }: { c: DisclosedContractor }) {
  return (
    <section aria-labelledby="contracts">
      <h2 id="contracts">已公告的合同</h2>
      <Table
        head={['合同', '项目', '合同金额', '服务期', '已付款', '状态', '台账记录']}
        empty="尚无已公告的合同。"
        rows={c.contracts.map((k) => (
          <tr>
            <td>{k.contractId}</td>
            <td>{ofProject(c, k.projectId)}</td>
            <td class="num">{yuan(k.terms.amount)}</td>
            <td>
              {chineseDate(k.terms.startDate)} 至 {chineseDate(k.terms.endDate)}
            </td>
            <td class="num">
              {yuan(k.payments.total)}（{count(k.payments.count)} 笔）
            </td>
            <td>{OUTCOME_NAMES[k.outcome.status]}</td>
            <td>
              <VerifyFact position={k.announcement.position} />
            </td>
          </tr>
        ))}
      />
    </section>
  );
}

export function Evaluations({ c }: { c: DisclosedContractor }) {
  return (
    <section aria-labelledby="evaluations">
      <h2 id="evaluations">绩效评价记录</h2>
      <Table
        head={['评价日期', '项目', '评价主体', '得分', '等级', '台账记录']}
        empty="尚无公开的绩效评价。"
        rows={c.evaluations.map((e) => (
          <tr>
            <td>{chineseDate(e.evaluatedAt)}</td>
            <td>{ofProject(c, e.projectId)}</td>
            <td>{EVALUATOR_NAMES[e.evaluator]}</td>
            <td class="num">{e.score} 分</td>
            <td class={e.grade === 'fail' ? 'bad' : undefined}>{gradeName(e.grade)}</td>
            <td>
              <VerifyFact position={e.position} />
            </td>
          </tr>
        ))}
      />
    </section>
  );
}

export function Penalties({ c }: { c: DisclosedContractor }) {
  return (
    <section aria-labelledby="penalties">
      <h2 id="penalties">处罚决定</h2>
      <Table
        head={['决定书文号', '决定日期', '处罚机关', '处罚内容', '状态', '台账记录']}
        empty="无处罚决定。"
        rows={c.penalties.map((p) => (
          <tr>
            <td>{p.decisionNumber ?? '（未记录）'}</td>
            <td>{chineseDate(p.decidedAt)}</td>
            <td>{p.authority}</td>
            <td>
              {[
                p.fine === undefined ? null : `罚款 ${yuan(p.fine)}`,
                p.terminateContract ? '解除合同' : null,
                p.debarment ? `${chineseDate(p.debarment.from)} 至 ${chineseDate(p.debarment.until)} 禁止参与` : null,
              ]
                .filter((x) => x !== null)
                .join('；') || '—'}
            </td>
            <td>{PENALTY_STATUS_NAMES[p.status]}</td>
            <td>
              <VerifyFact position={p.position} />
            </td>
          </tr>
        ))}
      />
    </section>
  );
}

export function DishonestyRecords({ c }: { c: DisclosedContractor }) {
  return (
    <section aria-labelledby="dishonesty">
      <h2 id="dishonesty">失信记录</h2>
      <p class="muted">公示期届满或经信用修复的记录不再公示。</p>
      <Table
        head={['决定书文号', '公示期', '状态', '项目', '台账记录']}
        empty="无公示中的失信记录。"
        rows={c.dishonestyRecords.map((d) => (
          <tr>
            <td>{d.decisionNumber ?? '（未记录）'}</td>
            <td>
              {chineseDate(d.publishedFrom)} 至 {until(d.publishedUntil)}
            </td>
            <td class={d.status === 'published' ? 'bad' : undefined}>{DISHONESTY_STATUS_NAMES[d.status]}</td>
            <td>{ofProject(c, d.projectId)}</td>
            <td>
              <VerifyFact position={d.position} />
            </td>
          </tr>
        ))}
      />
    </section>
  );
}
