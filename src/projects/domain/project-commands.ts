import type {
  ContractorAwardedData,
  ContractSignedData,
  EligibilityCondition,
  EligibilityEvidence,
  EvaluationMethod,
  PaymentInstalment,
  ProjectRegisteredData,
  TenderApproval,
  TenderPublicNotice,
  TenderPublishedData,
} from '../../../events';
import type { BudgetState } from '../../budgets/domain/budgets.decider';
import type { BudgetSource, BudgetYears } from '../../budgets/domain/multi-year';
import type { ContractorState } from '../../contractors/domain/contractors.decider';
import type { ContractState } from '../../contracts/domain/contracts.decider';
import type { FundsState } from '../../funds/domain/funds.decider';
import type { Command, PrivateFields } from '../../shared/domain/decider';

/** The project's commands, as the controllers map requests to them, and what each needs from other streams. */

/** The registration as recorded, less what the decider adds (the pack it was judged under). */
export type RegisterProject = Command<'RegisterProject', Omit<ProjectRegisteredData, 'policyId'> & PrivateFields>;

/** The tender as the purchaser states it: evaluation standards always (null only in v1 entries); approval and notice when given. */
export type PublishTender = Command<
  'PublishTender',
  Omit<TenderPublishedData, 'evaluationStandards' | 'approval' | 'publicNotice'> & {
    readonly evaluationStandards: string;
    readonly approval?: TenderApproval;
    readonly publicNotice?: TenderPublicNotice;
  } & PrivateFields
>;
/** The award as asked; a condition without evidence may be absent here, so the rule (not the validator) names it. */
export type AwardContractor = Command<
  'AwardContractor',
  Omit<ContractorAwardedData, 'contractorName' | 'evaluationMethod' | 'eligibility'> & {
    readonly evaluationMethod: EvaluationMethod;
    readonly eligibility: { readonly [C in EligibilityCondition]?: EligibilityEvidence };
  } & PrivateFields
>;
/**
 * The contract's own terms as ContractSigned records them (the rest comes from the project), plus the
 * other party if the client states it: it must be the awarded contractor.
 */
export type SignContract = Command<
  'SignContract',
  Pick<
    ContractSignedData,
    'contractId' | 'signedAt' | 'amount' | 'startDate' | 'endDate' | 'deliverables' | 'liabilities' | 'extendedTermJustification'
  > & {
    readonly projectId: string;
    readonly paymentSchedule: readonly PaymentInstalment[];
    /** The 临时接管预案 (000 §四(四)3), required of every new contract (ContractSigned v2). */
    readonly takeoverPlan: string;
    readonly contractorUscc?: string;
    /** The budget source of each later fiscal year with instalments (000 §四(三)3); recorded with its BudgetReserved. */
    readonly budgetSources?: readonly BudgetSource[];
  } & PrivateFields
>;

export type ProjectCommand = RegisterProject | PublishTender | AwardContractor | SignContract;

/** What each command needs from other streams (folded by the shell). */
export interface ProjectContexts {
  /** budget-<region>-<fiscalYear>, and fund-<region>-<fundBaseYear(policy, fiscalYear)>. */
  readonly RegisterProject: { readonly budget: BudgetState; readonly fundBase: FundsState };
  readonly PublishTender: undefined;
  /** contractor-<contractorUscc>. */
  readonly AwardContractor: { readonly contractor: ContractorState };
  /**
   * contract-<contractId> (must not exist yet), and contractor-<the awardee> once the project has an
   * award: a contractor debarred on the signing date may not sign either (000 §四(四)4).
   */
  readonly SignContract: {
    readonly contract: ContractState;
    readonly contractor?: ContractorState;
    /** budget-<region>-<year> of FY and each later year with instalments, and their fund bases (multi-year.ts). */
    readonly budgetYears?: BudgetYears;
  };
}
