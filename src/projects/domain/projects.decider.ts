import type {
  BudgetReleased,
  BudgetReserved,
  ContractorAwarded,
  ContractSigned,
  IsoDate,
  ProjectContracted,
  ProjectEvent,
  ProjectRegistered,
  ProjectRegisteredData,
  TenderPublished,
  TenderPublishedData,
  ContractorAwardedData,
  Eligibility,
} from '../../../events';
import type { PolicyPack } from '../../policy';
import { decide as decideBudget } from '../../budgets/domain/budgets.decider';
import { reserveLaterYears } from '../../budgets/domain/multi-year';
import { compact, privateOf } from '../../shared/domain/decider';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { assertInOrder, assertWithinProjectYears } from '../../shared/domain/business-dates';
import type { ProjectCommand, ProjectContexts } from './project-commands';
import { checkAward, checkContractorConditions, checkEvaluationMethod, checkNotDebarredAtSigning } from './award-rules';
import { checkApprovals, checkCategory, checkContract, checkMethod } from './project-rules';

/**
 * Project (stream `project-<projectId>`): registered with its budget → tender published →
 * contractor awarded → contract signed (000 §四 购买程序: 项目确定, 信息发布, 组织购买, 签订合同).
 * Rules that need other aggregates take them as an explicit, already-folded `context`
 * (ProjectContexts): the shell loads those streams and appends with their versions as expected.
 */

type Registered = { readonly project: ProjectRegisteredData };
type Tendered = Registered & { readonly tender: TenderPublishedData };
type Awarded = Tendered & { readonly award: ContractorAwardedData };

export type ProjectState =
  | { readonly status: 'none' }
  | (Registered & { readonly status: 'registered' })
  | (Tendered & { readonly status: 'tendered' })
  | (Awarded & { readonly status: 'awarded' })
  | (Awarded & { readonly status: 'contracted'; readonly contractId: string });

export const initialState = (): ProjectState => ({ status: 'none' });

export function evolve(state: ProjectState, event: ProjectEvent): ProjectState {
  switch (event.type) {
    case 'ProjectRegistered':
      return { status: 'registered', project: event.data };
    case 'TenderPublished':
      return state.status === 'registered' ? { ...state, status: 'tendered', tender: event.data } : state;
    case 'ContractorAwarded':
      return state.status === 'tendered' ? { ...state, status: 'awarded', award: event.data } : state;
    case 'ProjectContracted':
      return state.status === 'awarded' ? { ...state, status: 'contracted', contractId: event.data.contractId } : state;
    default: {
      const unknown: never = event;
      throw new Error(`unknown project event ${JSON.stringify(unknown)}`);
    }
  }
}

export type ProjectDecision =
  ProjectRegistered | BudgetReserved | BudgetReleased | TenderPublished | ContractorAwarded | ContractSigned | ProjectContracted;

/** The business date that selects the policy pack: policyFor(region, businessDateOf(command)). */
export function businessDateOf(command: ProjectCommand): IsoDate {
  switch (command.type) {
    case 'RegisterProject':
      return command.data.registeredOn;
    case 'PublishTender':
      return command.data.publishedAt;
    case 'AwardContractor':
      return command.data.awardedAt;
    case 'SignContract':
      return command.data.signedAt;
    default: {
      const unknown: never = command;
      throw new Error(`unknown project command ${JSON.stringify(unknown)}`);
    }
  }
}

const notFound = (projectId: string): RuleViolation => new RuleViolation('NOT_FOUND', `project ${projectId} is not registered`);

export function decide<C extends ProjectCommand>(
  command: C,
  state: ProjectState,
  policy: PolicyPack,
  context: ProjectContexts[C['type']],
): ProjectDecision[] {
  const cmd: ProjectCommand = command;
  switch (cmd.type) {
    case 'RegisterProject': {
      const { budget: budgetState, fundBase } = context as ProjectContexts['RegisterProject'];
      const { projectId, region, fiscalYear, purchaser, title, category, budget, registeredOn } = cmd.data;
      if (state.status !== 'none') throw new RuleViolation('ALREADY_EXISTS', `project ${projectId} is already registered`);
      assertWithinProjectYears('registeredOn', registeredOn, fiscalYear);
      checkCategory(category, policy);
      // The cap is judged by the budget aggregate; its BudgetReserved is part of this decision.
      const reserved = decideBudget(
        { type: 'ReserveBudget', data: { region, fiscalYear, projectId, amount: budget, reservedAt: registeredOn } },
        budgetState,
        policy,
        { fundBase },
      );
      const registered: ProjectRegistered = {
        type: 'ProjectRegistered',
        schemaVersion: 2,
        data: {
          projectId,
          region,
          fiscalYear,
          purchaser: { code: purchaser.code, name: purchaser.name },
          title,
          category,
          budget,
          registeredOn,
          policyId: policy.id,
        },
        ...privateOf(cmd.data),
      };
      return [registered, ...reserved];
    }
    case 'PublishTender': {
      const d = cmd.data;
      const tender: TenderPublishedData = compact({
        projectId: d.projectId,
        method: d.method,
        publishedAt: d.publishedAt,
        content: d.content,
        term: d.term,
        quantity: d.quantity,
        quality: d.quality,
        priceCeiling: d.priceCeiling,
        qualifications: d.qualifications,
        evaluationStandards: d.evaluationStandards,
        singleSourceJustification: d.singleSourceJustification,
        approval: d.approval
          ? { authority: d.approval.authority, reference: d.approval.reference, approvedOn: d.approval.approvedOn }
          : null,
        publicNotice: d.publicNotice ? { url: d.publicNotice.url, publishedOn: d.publicNotice.publishedOn } : null,
      });
      if (state.status === 'none') throw notFound(tender.projectId);
      if (state.status !== 'registered') {
        throw new RuleViolation('INVALID_STATE', `project ${tender.projectId} is ${state.status}: its tender was already published`);
      }
      assertInOrder(
        { field: 'publishedAt', date: tender.publishedAt },
        { what: `the registration of project ${tender.projectId}`, date: state.project.registeredOn },
      );
      checkMethod(tender.method, tender.singleSourceJustification, state.project.budget, policy);
      checkApprovals(tender);
      return [{ type: 'TenderPublished', schemaVersion: 2, data: tender, ...privateOf(d) }];
    }
    case 'AwardContractor': {
      const { contractor } = context as ProjectContexts['AwardContractor'];
      const { projectId, contractorUscc, amount, awardedAt, evaluationMethod } = cmd.data;
      if (state.status === 'none') throw notFound(projectId);
      if (state.status === 'registered')
        throw new RuleViolation('INVALID_STATE', `project ${projectId} cannot be awarded before its tender is published`);
      if (state.status !== 'tendered')
        throw new RuleViolation('INVALID_STATE', `project ${projectId} was already awarded to ${state.award.contractorUscc}`);
      const name = checkAward(cmd.data, state.project, state.tender, contractor, policy);
      checkEvaluationMethod(projectId, evaluationMethod);
      checkContractorConditions(cmd.data, contractor);
      // Every condition is present now (checked above); only documentRef is kept, exactly as given.
      const e = cmd.data.eligibility as Eligibility;
      const eligibility: Eligibility = {
        civilLiability: { documentRef: e.civilLiability.documentRef },
        facilitiesAndStaff: { documentRef: e.facilitiesAndStaff.documentRef },
        governance: { documentRef: e.governance.documentRef },
        taxAndSocialInsurance: { documentRef: e.taxAndSocialInsurance.documentRef },
        noMajorViolations: { documentRef: e.noMajorViolations.documentRef },
      };
      return [
        {
          type: 'ContractorAwarded',
          schemaVersion: 2,
          data: { projectId, contractorUscc, contractorName: name, amount, awardedAt, evaluationMethod, eligibility },
          ...privateOf(cmd.data),
        },
      ];
    }
    case 'SignContract': {
      const { contract, contractor, budgetYears } = context as ProjectContexts['SignContract'];
      const d = cmd.data;
      if (contract.status !== 'none') throw new RuleViolation('ALREADY_EXISTS', `contract ${d.contractId} already exists`);
      if (state.status === 'none') throw notFound(d.projectId);
      if (state.status === 'registered' || state.status === 'tendered') {
        throw new RuleViolation('INVALID_STATE', `project ${d.projectId} has no award yet; a contract follows the award (000 §四(三))`);
      }
      if (state.status === 'contracted')
        throw new RuleViolation('INVALID_STATE', `project ${d.projectId} already has contract ${state.contractId}`);
      checkContract(d, state.award, policy);
      if (contractor !== undefined) checkNotDebarredAtSigning(contractor, state.award.contractorUscc, d.signedAt);
      const { projectId, region, fiscalYear, purchaser, category } = state.project;
      const signed: ContractSigned = {
        type: 'ContractSigned',
        schemaVersion: 2,
        data: compact({
          contractId: d.contractId,
          projectId,
          region,
          fiscalYear,
          purchaser,
          category,
          contractorUscc: state.award.contractorUscc,
          amount: d.amount,
          signedAt: d.signedAt,
          startDate: d.startDate,
          endDate: d.endDate,
          paymentSchedule: d.paymentSchedule.map((p) => ({ dueDate: p.dueDate, amount: p.amount })),
          deliverables: d.deliverables,
          liabilities: d.liabilities,
          takeoverPlan: d.takeoverPlan,
          extendedTermJustification: d.extendedTermJustification,
        }),
        ...privateOf(d),
      };
      const contracted: ProjectContracted = {
        type: 'ProjectContracted',
        schemaVersion: 1,
        data: { projectId, contractId: d.contractId, signedAt: d.signedAt, amount: d.amount },
      };
      // Each later year's instalments against that year's cap (000 §四(三)3, 000 §五); nothing to read for a one-year contract.
      const years = reserveLaterYears({ ...d, region, fiscalYear }, policy, budgetYears ?? { budgets: {}, fundBases: {} });
      return [signed, contracted, ...years];
    }
    default: {
      const unknown: never = cmd;
      throw new Error(`unknown project command ${JSON.stringify(unknown)}`);
    }
  }
}

export const projectDecider = { decide, evolve, initialState } as const;

export type { AwardContractor, ProjectCommand, ProjectContexts, PublishTender, RegisterProject, SignContract } from './project-commands';
