import type { ComponentChildren } from 'preact';
import type { EvaluationResult, PenaltyNotice } from '../../../projections/disclosure/disclosure.projection';
import { gradeName, DISHONESTY_STATUS_NAMES, OUTCOME_NAMES, PENALTY_STATUS_NAMES } from '../views/fact-labels';
import { chineseDate, count, yuan } from '../views/format';
import { EVALUATOR_NAMES, METHOD_NAMES } from '../views/labels';
import { VerifyFact } from '../views/verify-fact';
import type { DisclosedContract, TimelineFact } from './timeline';

/** Label and value pairs of a fact; a value left undefined is not shown (a field the entry does not have). */
export function Facts({ rows }: { rows: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="facts">
      {rows
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [<dt>{k}</dt>, <dd>{v}</dd>])
        .flat()}
    </dl>
  );
}

const period = (from: string, until: string | null): string =>
  `${chineseDate(from)} 至 ${until === null ? '（未记录截止日）' : chineseDate(until)}`;
const yesNo = (b: boolean): string => (b ? '是' : '否');

/** An external announcement address, linked only when it is a web address (never a script URL). */
export function ExternalLink({ url }: { url: string }) {
  return /^https?:\/\//i.test(url) ? (
    <a href={url} rel="noopener noreferrer external">
      {url}
    </a>
  ) : (
    <span>{url}</span>
  );
}

export function EvaluationFacts({ e }: { e: EvaluationResult }) {
  return (
    <Facts
      rows={[
        ['评价主体', EVALUATOR_NAMES[e.evaluator]],
        ['得分', `${e.score} 分`],
        ['等级', <strong class={e.grade === 'fail' ? 'bad' : undefined}>{gradeName(e.grade)}</strong>],
        ['满意率', e.satisfactionRate === undefined ? undefined : `${Math.round(e.satisfactionRate * 1000) / 10}%`],
      ]}
    />
  );
}

export function PenaltyFacts({ p }: { p: PenaltyNotice }) {
  return (
    <Facts
      rows={[
        ['处罚机关', p.authority],
        ['决定日期', chineseDate(p.decidedAt)],
        ['罚款', p.fine === undefined ? undefined : yuan(p.fine)],
        ['解除合同', yesNo(p.terminateContract)],
        ['禁止参与期间', p.debarment ? period(p.debarment.from, p.debarment.until) : undefined],
        ['整改期限', p.rectificationDeadline === null ? undefined : chineseDate(p.rectificationDeadline)],
        ['列入失信记录', yesNo(p.publishDishonestyRecord)],
        ['状态', PENALTY_STATUS_NAMES[p.status] + (p.revokedAt ? `（${chineseDate(p.revokedAt)}）` : '')],
      ]}
    />
  );
}

const TITLES: Record<TimelineFact['kind'], string> = {
  registered: '项目立项',
  tender: '发布采购公告',
  award: '公告成交结果',
  signed: '签订合同',
  announced: '公告合同',
  payments: '合同付款',
  evaluated: '绩效评价',
  penalty: '作出处罚决定',
  revoked: '撤销处罚决定',
  dishonesty: '公示失信记录',
  withdrawn: '撤回失信记录',
  ended: '合同结束',
};

const ofContract = (c: DisclosedContract): string => `合同 ${c.contractId}`;

function Body({ fact }: { fact: TimelineFact }) {
  switch (fact.kind) {
    case 'registered':
      return (
        <p>
          购买主体 {fact.project.purchaser.name} 立项，预算 {yuan(fact.project.budget)}。
        </p>
      );
    case 'tender': {
      const t = fact.tender;
      return (
        <Facts
          rows={[
            ['采购方式', METHOD_NAMES[t.method]],
            ['发布日期', chineseDate(t.publishedAt)],
            ['采购内容', t.content],
            ['服务期限', t.term],
            ['服务数量', t.quantity],
            ['质量要求', t.quality],
            ['最高限价', yuan(t.priceCeiling)],
            ['资格条件', t.qualifications],
            ['绩效评价标准', t.evaluationStandards ?? '（本公告未记录）'],
            ['单一来源理由', t.singleSourceJustification],
          ]}
        />
      );
    }
    case 'award':
      return (
        <Facts
          rows={[
            [
              '承接主体',
              <span>
                <a class="contractor" href={`/contractors/${encodeURIComponent(fact.award.contractorUscc)}`}>
                  {fact.award.contractorName}
                </a>{' '}
                <span class="muted">{fact.award.contractorUscc}</span>
              </span>,
            ],
            ['成交金额', yuan(fact.award.amount)],
            ['成交日期', chineseDate(fact.award.awardedAt)],
          ]}
        />
      );
    case 'signed': {
      const t = fact.contract.terms;
      return (
        <Facts
          rows={[
            ['合同编号', fact.contract.contractId],
            ['合同金额', yuan(t.amount)],
            ['服务期', period(t.startDate, t.endDate)],
            ['购买主体', t.purchaser.name],
            ['目前状态', OUTCOME_NAMES[fact.contract.outcome.status]],
          ]}
        />
      );
    }
    case 'announced':
      return <Facts rows={[['公告地址', <ExternalLink url={fact.contract.announcement.url} />]]} />;
    case 'payments':
      return (
        <>
          <p class="payments">
            截至目前已付款 {count(fact.contract.payments.count)} 笔，合计 <strong>{yuan(fact.contract.payments.total)}</strong>
            （付款用途与每笔金额不公开）。
          </p>
          <Schedule instalments={fact.contract.terms.paymentSchedule} />
        </>
      );
    case 'evaluated':
      return <EvaluationFacts e={fact.evaluation} />;
    case 'penalty':
      return <PenaltyFacts p={fact.penalty} />;
    case 'revoked':
      return <p>处罚决定 {fact.penalty.penaltyId} 已撤销，其后果随之解除。</p>;
    case 'dishonesty':
      return (
        <Facts
          rows={[
            ['统一社会信用代码', fact.record.uscc],
            ['公示期', period(fact.record.publishedFrom, fact.record.publishedUntil)],
            ['状态', DISHONESTY_STATUS_NAMES[fact.record.status]],
          ]}
        />
      );
    case 'withdrawn':
      return <p>处罚决定 {fact.record.penaltyId} 的失信记录已撤回，不再公示。</p>;
    case 'ended':
      return <p>{OUTCOME_NAMES[fact.status]}。</p>;
  }
}

/** One fact on the timeline: when, what, its details, and its ledger position(s) to verify. */
export function TimelineItem({ fact }: { fact: TimelineFact }) {
  const contract = 'contract' in fact ? fact.contract : null;
  // Payments are several entries: each one's position, to verify the total entry by entry.
  const positions = fact.kind === 'payments' ? fact.contract.payments.positions : [fact.position];
  return (
    <li class={`fact fact-${fact.kind}`}>
      <h3>
        {fact.kind === 'payments' ? <span>截至目前</span> : <time dateTime={fact.date}>{chineseDate(fact.date)}</time>} {TITLES[fact.kind]}
        {contract && <span class="muted"> · {ofContract(contract)}</span>}
      </h3>
      <Body fact={fact} />
      <ul class="positions">
        {positions.map((p) => (
          <li>
            <VerifyFact position={p} />
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The contract's payment schedule: each instalment's due date and amount, and the sum (the contract amount when complete). */
function Schedule({ instalments }: { instalments: readonly { readonly dueDate: string; readonly amount: number }[] }) {
  if (instalments.length === 0) return null;
  return (
    <table class="schedule">
      <caption>合同约定的付款计划</caption>
      <thead>
        <tr>
          <th scope="col">应付日期</th>
          <th scope="col">应付金额</th>
        </tr>
      </thead>
      <tbody>
        {instalments.map((i) => (
          <tr>
            <td>{chineseDate(i.dueDate)}</td>
            <td class="num">{yuan(i.amount)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">合计</th>
          <td class="num">{yuan(instalments.reduce((sum, i) => sum + i.amount, 0))}</td>
        </tr>
      </tfoot>
    </table>
  );
}
