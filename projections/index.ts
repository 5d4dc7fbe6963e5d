import type { Projection } from './projection';
import { creditRecords } from './credit_records/credit_records.projection';
import { dishonestyRecords } from './dishonesty_records/dishonesty_records.projection';
import { creditFeed } from './credit_feed/credit_feed.projection';
import { budgetsProjection } from './budgets/budgets.projection';
import { contractsProjection } from './contracts/contracts.projection';
import { disclosureProjection } from './disclosure/disclosure.projection';
import { projectIndexProjection } from './project_index/project_index.projection';
import { ocdsReleasesProjection } from './ocds_releases/ocds_releases.projection';

export type { Projection, ProjectedEntry } from './projection';

/** Every read model the service keeps (the runner's registry). */
export const PROJECTIONS: readonly Projection[] = [
  creditRecords, dishonestyRecords, creditFeed,
  budgetsProjection, contractsProjection, disclosureProjection, projectIndexProjection, ocdsReleasesProjection,
] as readonly Projection[];
