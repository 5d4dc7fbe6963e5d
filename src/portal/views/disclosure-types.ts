import type { DisclosedContractRow, DisclosureProjectRow, DisclosureStatus } from '../../../projections/disclosure/disclosure.projection';

/** A project as GET /v1/disclosure/projects/:projectId answers it (its controller's `view`). */
export type DisclosedProject = Omit<DisclosureProjectRow, 'kind' | 'contractIds'> & {
  readonly status: DisclosureStatus;
  readonly contracts: readonly Omit<DisclosedContractRow, 'kind'>[];
};

/** GET /v1/disclosure/projects: one page of matches. */
export interface ProjectPage {
  readonly items: readonly DisclosedProject[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly pages: number;
}

/** GET /v1/catalogue, the part the portal shows. */
export interface Catalogue {
  readonly purchasable: readonly { readonly code: string; readonly name: string }[];
}
