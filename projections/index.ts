import type { Projection } from './projection';
import { creditRecords } from './credit_records/credit_records.projection';
import { dishonestyRecords } from './dishonesty_records/dishonesty_records.projection';
import { creditFeed } from './credit_feed/credit_feed.projection';
import { creditXzcf } from './credit_xzcf/credit_xzcf.projection';
import { budgetsProjection } from './budgets/budgets.projection';
import { contractsProjection } from './contracts/contracts.projection';
import { disclosureProjection } from './disclosure/disclosure.projection';
import { projectIndexProjection } from './project_index/project_index.projection';
import { ocdsReleasesProjection } from './ocds_releases/ocds_releases.projection';
import { contractorsProjection } from './contractors/contractors.projection';

export type { Projection, ProjectedEntry } from './projection';

/** Every read model the service keeps (the runner's registry). */
export const PROJECTIONS: readonly Projection[] = [
  creditRecords,
  dishonestyRecords,
  creditFeed,
  creditXzcf,
  budgetsProjection,
  contractsProjection,
  disclosureProjection,
  projectIndexProjection,
  ocdsReleasesProjection,
  contractorsProjection,
] as readonly Projection[];

type RowOf<P> = P extends Projection<infer Row> ? Row : never;

/** The row type of each read model, by name: what ProjectionStore.getRow / queryRows return for it. */
export interface ReadModelRows {
  readonly credit_records: RowOf<typeof creditRecords>;
  readonly dishonesty_records: RowOf<typeof dishonestyRecords>;
  readonly credit_feed: RowOf<typeof creditFeed>;
  readonly credit_xzcf: RowOf<typeof creditXzcf>;
  readonly budgets: RowOf<typeof budgetsProjection>;
  readonly contracts: RowOf<typeof contractsProjection>;
  readonly disclosure: RowOf<typeof disclosureProjection>;
  readonly project_index: RowOf<typeof projectIndexProjection>;
  readonly ocds_releases: RowOf<typeof ocdsReleasesProjection>;
  readonly contractors: RowOf<typeof contractorsProjection>;
}
export type ReadModelName = keyof ReadModelRows;
