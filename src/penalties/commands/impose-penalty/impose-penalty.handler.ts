import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { foldStream, stateOf } from '../../../ledger/fold';
import type { EventStore } from '../../../ledger/event-store.port';
import { EVENT_STORE } from '../../../shared/di-tokens';
import { budgetDecider } from '../../../budgets/domain/budgets.decider';
import { contractBudgetYears } from '../../../budgets/domain/multi-year';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { assertContractScope } from '../../../contracts/commands/contract-scope';
import { authorityRegister, penaltyDecider } from '../../domain/penalties.decider';
import { ImposePenaltyCommand } from './impose-penalty.command';
import type { CommandOutcome } from '../../../ledger/command';

/**
 * Reads penalty-<penaltyId>, contract-<contractId> and authority-<uscc> (all guard the commit); one append
 * carries PenaltyImposed, its consequences and the authority's DecisionNumberIssued to the penalty,
 * contract, contractor and authority streams (streamOf); a termination also reads and releases the contract's budget years.
 */
@CommandHandler(ImposePenaltyCommand)
export class ImposePenaltyHandler implements ICommandHandler<ImposePenaltyCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(command: ImposePenaltyCommand): Promise<CommandOutcome> {
    // A contract signed between the first read and the decision: decide again, reading its budget years.
    for (;;) {
      try {
        return await this.attempt(command);
      } catch (error) {
        if (!(error instanceof BudgetYearsNotRead)) throw error;
      }
    }
  }

  private async attempt({ meta, data }: ImposePenaltyCommand): Promise<CommandOutcome> {
    const penalty = StreamIds.penalty(data.penaltyId);
    const contract = StreamIds.contract(data.contractId);
    const authority = StreamIds.authority(data.authority.uscc);
    // A termination releases what the contract reserved in each year (multi-year.ts): those budget streams are
    // read and written. A signed contract's region, fiscal year and schedule never change.
    const signed =
      data.terminateContract === true
        ? foldStream(await this.store.readStream(contract), contractDecider.evolve, contractDecider.initialState())
        : contractDecider.initialState();
    const budgets =
      signed.status !== 'none'
        ? contractBudgetYears(signed.contract.fiscalYear, signed.contract.paymentSchedule).map((year) => ({
            year,
            stream: StreamIds.budget(signed.contract.region, year),
          }))
        : [];
    return this.runner.run(meta, {
      primaryStream: penalty,
      // The route is /v1/contracts/:contractId/penalties: If-Match guards the contract.
      ifMatchStream: contract,
      reads: [penalty, contract, authority, ...budgets.map((b) => b.stream)],
      decide: (loaded) => {
        const contractState = stateOf(loaded, contract, contractDecider);
        assertContractScope(meta.principal, contractState);
        if (data.terminateContract === true && contractState.status !== 'none' && budgets.length === 0) throw new BudgetYearsNotRead();
        const budgetYears =
          budgets.length === 0
            ? {}
            : {
                budgetYears: {
                  budgets: Object.fromEntries(budgets.map((b) => [b.year, stateOf(loaded, b.stream, budgetDecider)])),
                  fundBases: {},
                },
              };
        return penaltyDecider.decide({ type: 'ImposePenalty', data }, stateOf(loaded, penalty, penaltyDecider), {
          contract: contractState,
          authority: stateOf(loaded, authority, authorityRegister),
          ...budgetYears,
        });
      },
    });
  }
}

/** The contract was signed after this attempt chose the streams it reads. */
class BudgetYearsNotRead extends Error {}
