import type { ContractorKind, Fen, IsoDate, ProcurementMethod } from '../../events';
import type { PaymentPurpose } from './catalogue';
import type { EvaluationGradeThresholds } from './evaluation-grades';

/**
 * A policy pack: the procurement rules of one jurisdiction as DATA, in force from effectiveFrom
 * to effectiveTo (both inclusive; open-ended when effectiveTo is absent). Deciders take the pack
 * in force on the command's business date (policyFor), so a later rule change never rewrites the
 * judgement of an earlier date (DOMAIN.md "Policies are data, per province and as of a date").
 */
export interface MethodRule {
  /** Allowed only when the procurement amount (the project budget) is ≥ this many fen. */
  readonly minAmount?: Fen;
  /** Allowed only when the procurement amount is < the pack's procurementThreshold. */
  readonly belowProcurementThreshold?: boolean;
  /** The tender must carry singleSourceJustification. */
  readonly requiresJustification?: boolean;
  readonly source: string;
}

/**
 * A parameter of a pack that no seed document of its jurisdiction gives (issue 15 item 2): named with the
 * reason, so docs/rules.md marks it "parameter without a source in the seeds" rather than citing nothing.
 */
export interface UnsourcedParameter {
  /** The PolicyPack field (a method as `methods.<method>`). */
  readonly parameter: string;
  readonly reason: string;
}

export interface PolicyPack {
  readonly id: string;
  readonly title: string;
  /** 'national' (the default for every province without its own pack in force) or a 2-digit province code. */
  readonly jurisdiction: string;
  readonly effectiveFrom: IsoDate;
  readonly effectiveTo?: IsoDate;
  readonly sources: readonly string[];
  /**
   * Σ budgets reserved for a region code's fiscal year ≤ basisPoints/10000 of the central + provincial
   * special funds allocated to that region code for the base year: the same fiscal year or the previous one.
   */
  readonly budgetCap: { readonly basisPoints: number; readonly baseYear: 'same' | 'previous'; readonly source: string };
  /** 采购限额标准 (fen): below it a purchaser may organise the purchase itself where a method rule says so. */
  readonly procurementThreshold: Fen;
  /** Methods allowed, each with its conditions; a method absent here is not allowed. */
  readonly methods: { readonly [M in ProcurementMethod]?: MethodRule };
  /** Term ≤ months; ≤ extendedMonths with extendedTermJustification; never longer. */
  readonly contractTerm: { readonly months: number; readonly extendedMonths: number; readonly source: string };
  /** Payment purpose codes this pack's source forbids → why, citing it; empty where the source forbids none. */
  readonly prohibitedPurposes: { readonly [P in PaymentPurpose]?: string };
  readonly allowedContractorKinds: readonly ContractorKind[];
  /** Purchasable category codes. */
  readonly catalogue: readonly string[];
  /** Known prohibited category codes → why (a clearer refusal than "not in the catalogue"). */
  readonly prohibitedCategories: { readonly [code: string]: string };
  /** Parameters above that no seed of this jurisdiction gives; empty when every one is cited. */
  readonly unsourced: readonly UnsourcedParameter[];
  /** Score thresholds of the evaluation grades, used when the evaluator states no grade (004 §三(五)). */
  readonly evaluationGrades: EvaluationGradeThresholds;
}

/** The fiscal year whose fund allocations are the cap's base. */
export const fundBaseYear = (policy: PolicyPack, fiscalYear: number): number =>
  policy.budgetCap.baseYear === 'previous' ? fiscalYear - 1 : fiscalYear;

/** The cap in fen: floor(fundBase × basisPoints / 10000), exact (BigInt, no float rounding). */
export const capOf = (policy: PolicyPack, fundBase: Fen): Fen => Number((BigInt(fundBase) * BigInt(policy.budgetCap.basisPoints)) / 10000n);

/** "2%" or "1.5%". */
export const capPercent = (policy: PolicyPack): string => `${policy.budgetCap.basisPoints / 100}%`;
