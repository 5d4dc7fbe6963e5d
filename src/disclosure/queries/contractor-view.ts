import type { ContractorKind } from '../../../events/common';
import type {
  ContractAnnouncement,
  ContractOutcome,
  ContractTerms,
  DisclosedContractRow,
  DisclosureProjectRow,
  DishonestyNotice,
  EvaluationResult,
  PaymentsTotal,
  PenaltyNotice,
} from '../../../projections/disclosure/disclosure.projection';

/**
 * The public page of a contractor (GET /v1/disclosure/contractors/:uscc, issue 16): its registered identity and
 * what the disclosure view already shows about it, gathered from the projects awarded to it. Registry fields are
 * allow-listed (uscc, name, kind, region); the rest is copied from disclosure rows, which hold only public facts
 * and only announced contracts. The one addition is each penalty's 行政处罚决定书文号, a 双公示 item that the
 * PenaltyImposed entry carries in its public data (its proof bundle shows it to anyone).
 */
export interface ContractorRegistry {
  readonly uscc: string;
  readonly name: string;
  readonly kind: ContractorKind;
  readonly region: string | null;
}

/** Which project and contract a fact of the contractor's belongs to. */
interface OfContract {
  readonly projectId: string;
  readonly contractId: string;
}

export interface DisclosedContractor extends ContractorRegistry {
  /** Projects awarded to it, newest registration first; at most CONTRACTOR_PROJECTS_MAX of them. */
  readonly awards: readonly {
    readonly projectId: string;
    readonly title: string;
    readonly purchaser: { readonly code: string; readonly name: string };
    readonly region: string;
    readonly fiscalYear: number;
    readonly category: string;
    readonly amount: number;
    readonly awardedAt: string;
    readonly position: number;
  }[];
  /** How many projects are awarded to it in all (more than `awards` holds when over the maximum). */
  readonly awardsTotal: number;
  readonly contracts: readonly (OfContract & {
    readonly terms: ContractTerms;
    readonly announcement: ContractAnnouncement;
    readonly payments: PaymentsTotal;
    readonly outcome: ContractOutcome;
  })[];
  readonly evaluations: readonly (OfContract & EvaluationResult)[];
  readonly penalties: readonly (OfContract & PenaltyNotice & { readonly decisionNumber: string | null })[];
  readonly dishonestyRecords: readonly (OfContract & DishonestyNotice & { readonly decisionNumber: string | null })[];
}

/** The newest projects awarded that the answer lists: a contractor page, not a bulk export (the list route pages the rest). */
export const CONTRACTOR_PROJECTS_MAX = 100;

const byDate =
  <T extends { position: number }>(dateOf: (x: T) => string) =>
  (a: T, b: T): number =>
    dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : a.position - b.position;

/**
 * Builds the answer. `contracts` are the disclosed contracts of `projects` as shown today (shownOn); only those
 * signed with this contractor count. Histories (evaluations, penalties, records) are oldest first.
 */
export function contractorView(
  registry: ContractorRegistry,
  projects: readonly DisclosureProjectRow[],
  awardsTotal: number,
  contracts: readonly DisclosedContractRow[],
  decisionNumbers: ReadonlyMap<string, string | null>,
): DisclosedContractor {
  const awards = projects
    .filter((p) => p.award !== null && p.award.contractorUscc === registry.uscc)
    .map((p) => {
      const award = p.award!;
      const { title, purchaser, category } = p.project;
      return {
        projectId: p.projectId,
        title,
        purchaser: { code: purchaser.code, name: purchaser.name },
        region: p.region,
        fiscalYear: p.fiscalYear,
        category,
        amount: award.amount,
        awardedAt: award.awardedAt,
        position: award.position,
      };
    });
  const own = contracts.filter((c) => c.terms.contractorUscc === registry.uscc);
  const of = (c: DisclosedContractRow): OfContract => ({ projectId: c.projectId, contractId: c.contractId });
  const decision = (penaltyId: string): string | null => decisionNumbers.get(penaltyId) ?? null;
  return {
    uscc: registry.uscc,
    name: registry.name,
    kind: registry.kind,
    region: registry.region,
    awards,
    awardsTotal,
    contracts: own
      .map((c) => ({ ...of(c), terms: c.terms, announcement: c.announcement, payments: c.payments, outcome: c.outcome }))
      .sort((a, b) => byDate<ContractTerms>((t) => t.signedAt)(a.terms, b.terms)),
    evaluations: own.flatMap((c) => c.evaluations.map((e) => ({ ...of(c), ...e }))).sort(byDate((e) => e.evaluatedAt)),
    penalties: own
      .flatMap((c) => c.penalties.map((p) => ({ ...of(c), ...p, decisionNumber: decision(p.penaltyId) })))
      .sort(byDate((p) => p.decidedAt)),
    dishonestyRecords: own
      .flatMap((c) => c.dishonestyRecords.map((d) => ({ ...of(c), ...d, decisionNumber: decision(d.penaltyId) })))
      .sort(byDate((d) => d.publishedFrom)),
  };
}
