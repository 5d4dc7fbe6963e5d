import type { DisclosedContractor } from '../../disclosure/queries/contractor-view';
import { Facts } from '../projects/timeline-facts';
import { CONTRACTOR_KIND_NAMES } from '../views/labels';
import { Layout } from '../views/layout';
import { VERIFY_SCRIPT } from '../views/verify-fact';
import { Awards, Contracts, DishonestyRecords, Evaluations, Penalties } from './contractor-sections';

/** `/contractors/:uscc`: a contractor's identity and the public facts of the projects awarded to it. */
export function ContractorPage({ contractor: c }: { contractor: DisclosedContractor }) {
  return (
    <Layout title={c.name} section="projects" scripts={[VERIFY_SCRIPT]}>
      <nav aria-label="位置" class="muted">
        <a href="/">项目公开</a> › 承接主体
      </nav>
      <h1>{c.name}</h1>
      <Facts
        rows={[
          ['统一社会信用代码', c.uscc],
          ['名称', c.name],
          ['类型', CONTRACTOR_KIND_NAMES[c.kind]],
          ['所在行政区划', c.region ?? '（未登记）'],
        ]}
      />
      <Awards c={c} />
      <Contracts c={c} />
      <Evaluations c={c} />
      <Penalties c={c} />
      <DishonestyRecords c={c} />
    </Layout>
  );
}
