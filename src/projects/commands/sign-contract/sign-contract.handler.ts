import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import type { EventStore } from '../../../ledger/event-store.port';
import { foldStream, stateOf } from '../../../ledger/fold';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { contractorDecider } from '../../../contractors/domain/contractors.decider';
import { EVENT_STORE } from '../../../shared/di-tokens';
import { projectDecider } from '../../domain/projects.decider';
import { projectPolicy, runProjectCommand } from '../project-scope';
import { budgetDecider } from '../../../budgets/domain/budgets.decider';
import { laterYears, type BudgetYears } from '../../../budgets/domain/multi-year';
import { fundsDecider } from '../../../funds/domain/funds.decider';
import { fundBaseYear, type PolicyPack } from '../../../policy';
import type { LoadedStream } from '../../../ledger/command-runner';
import { SignContractCommand } from './sign-contract.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(SignContractCommand)
export class SignContractHandler implements ICommandHandler<SignContractCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(command: SignContractCommand): Promise<CommandOutcome> {
    // An award that lands between the first read and the decision: decide again, reading its awardee.
    for (;;) {
      try {
        return await this.attempt(command);
      } catch (error) {
        if (!(error instanceof AwardeeNotRead)) throw error;
      }
    }
  }

  private async attempt({ meta, data }: SignContractCommand): Promise<CommandOutcome> {
    const contract = StreamIds.contract(data.contractId);
    const projectStream = StreamIds.project(data.projectId);
    // The awardee's stream is read too (debarment on the signing date, 000 §四(四)4) and so guards the
    // commit. An award is never replaced, so the awardee the project names now is the one the decision sees.
    const project = foldStream(await this.store.readStream(projectStream), projectDecider.evolve, projectDecider.initialState());
    const awardee = 'award' in project ? StreamIds.contractor(project.award.contractorUscc) : undefined;
    // A multi-year contract reserves its later years' instalments against their caps and releases them from
    // FY: those budget streams and the later years' fund bases are read, and so guard the commit.
    // (A project's region and fiscal year never change: an award read later is read with them, see below.)
    const budgetReads = 'award' in project ? budgetStreamsOf(project.project, projectPolicy(project, data.signedAt), data) : undefined;
    // The contract is born here: the response names its stream (ContractSigned), the project gets ProjectContracted.
    return runProjectCommand(
      this.runner,
      meta,
      { type: 'SignContract', data },
      {
        primaryStream: contract,
        reads: awardee === undefined ? [contract] : [contract, awardee, ...(budgetReads?.streams ?? [])],
        context: (loaded) => {
          const decided = stateOf(loaded, projectStream, projectDecider);
          if ('award' in decided && StreamIds.contractor(decided.award.contractorUscc) !== awardee) throw new AwardeeNotRead();
          return {
            contract: stateOf(loaded, contract, contractDecider),
            ...(awardee === undefined ? {} : { contractor: stateOf(loaded, awardee, contractorDecider) }),
            ...(budgetReads === undefined ? {} : { budgetYears: budgetReads.context(loaded) }),
          };
        },
      },
    );
  }
}

/** FY's and each later year's budget stream, and the later years' fund-base streams (none for a one-year contract). */
function budgetStreamsOf(
  project: { readonly region: string; readonly fiscalYear: number },
  policy: PolicyPack,
  data: SignContractCommand['data'],
): { streams: string[]; context: (loaded: ReadonlyMap<string, LoadedStream>) => BudgetYears } | undefined {
  const { region, fiscalYear } = project;
  const later = laterYears(fiscalYear, data.paymentSchedule).map((s) => s.fiscalYear);
  if (later.length === 0) return undefined;
  const budget = (year: number): string => StreamIds.budget(region, year);
  const fund = (year: number): string => StreamIds.fund(region, fundBaseYear(policy, year));
  const years = [fiscalYear, ...later];
  return {
    streams: [...years.map(budget), ...later.map(fund)],
    context: (loaded) => ({
      budgets: Object.fromEntries(years.map((y) => [y, stateOf(loaded, budget(y), budgetDecider)])),
      fundBases: Object.fromEntries(later.map((y) => [y, stateOf(loaded, fund(y), fundsDecider)])),
    }),
  };
}

/** The project was awarded after this attempt chose the streams it reads. */
class AwardeeNotRead extends Error {}
