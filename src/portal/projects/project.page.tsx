import type { Catalogue, DisclosedProject } from '../views/disclosure-types';
import { chineseDate, yuan } from '../views/format';
import { STATUS_NAMES } from '../views/labels';
import { Layout } from '../views/layout';
import { VERIFY_SCRIPT, VerifyFact } from '../views/verify-fact';
import { projectTimeline } from './timeline';
import { Facts } from './timeline-facts';
import { TimelineItem } from './timeline-facts';

export interface ProjectPageProps {
  readonly project: DisclosedProject;
  readonly catalogue: Catalogue;
  /** The OCDS record of the project's contracting process (GET /v1/disclosure/ocds/records/:ocid). */
  readonly ocdsRecord: string;
}

/** `/projects/:projectId`: a disclosed project and its public facts in date order, each with its ledger position. */
export function ProjectPage({ project: p, catalogue, ocdsRecord }: ProjectPageProps) {
  const category = catalogue.purchasable.find((c) => c.code === p.project.category)?.name ?? p.project.category;
  const facts = projectTimeline(p);
  return (
    <Layout title={p.project.title} section="projects" scripts={[VERIFY_SCRIPT]}>
      <nav aria-label="位置" class="muted">
        <a href="/">项目公开</a> › {p.projectId}
      </nav>
      <h1>{p.project.title}</h1>
      <Facts
        rows={[
          ['项目编号', p.projectId],
          ['购买主体', p.project.purchaser.name],
          ['行政区划', p.region],
          ['预算年度', `${p.fiscalYear} 年`],
          ['服务类别', category],
          ['预算金额', yuan(p.project.budget)],
          ['立项日期', chineseDate(p.registeredOn)],
          ['进展', STATUS_NAMES[p.status]],
          ['台账记录', <VerifyFact position={p.project.position} />],
        ]}
      />
      <p class="downloads">
        开放合同数据：<a href={ocdsRecord}>本项目的 OCDS 记录（JSON）</a>
      </p>
      <section aria-labelledby="timeline">
        <h2 id="timeline">公开事项（按日期）</h2>
        <ol class="timeline">
          {facts.map((fact) => (
            <TimelineItem fact={fact} />
          ))}
        </ol>
        {p.contracts.length === 0 && <p class="muted">尚无已公告的合同。合同在公告后公开。</p>}
      </section>
    </Layout>
  );
}
