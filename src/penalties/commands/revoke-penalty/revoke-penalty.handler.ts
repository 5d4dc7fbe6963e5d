import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConcurrencyConflictError } from '../../../ledger/event-store.port';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import type { EventStore } from '../../../ledger/event-store.port';
import { foldStream, stateOf } from '../../../ledger/fold';
import { EVENT_STORE } from '../../../shared/di-tokens';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { assertContractScope } from '../../../contracts/commands/contract-scope';
import { penaltyDecider } from '../../domain/penalties.decider';
import { RevokePenaltyCommand } from './revoke-penalty.command';
import type { CommandOutcome } from '../../../ledger/command';

/**
 * Reads penalty-<penaltyId>, and the contract it names for the region scope; appends to the penalty
 * and the contractor streams. The contract is known only from the penalty, so a first read finds it.
 */
@CommandHandler(RevokePenaltyCommand)
export class RevokePenaltyHandler implements ICommandHandler<RevokePenaltyCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ meta, data }: RevokePenaltyCommand): Promise<CommandOutcome> {
    const penalty = StreamIds.penalty(data.penaltyId);
    const found = foldStream(await this.store.readStream(penalty), penaltyDecider.evolve, penaltyDecider.initialState());
    const contract = found.status === 'none' ? undefined : StreamIds.contract(found.penalty.contractId);
    return this.runner.run(meta, {
      primaryStream: penalty,
      reads: contract === undefined ? [penalty] : [penalty, contract],
      decide: (loaded) => {
        const state = stateOf(loaded, penalty, penaltyDecider);
        if (state.status !== 'none') {
          const named = StreamIds.contract(state.penalty.contractId);
          // Imposed between the first read and this one: its contract was not read, so its scope is unknown.
          if (!loaded.has(named)) throw new ConcurrencyConflictError(penalty, 'no_stream', loaded.get(penalty)?.version ?? 0);
          const contractState = stateOf(loaded, named, contractDecider);
          if (contractState.status === 'none')
            throw new Error(`penalty ${data.penaltyId} names contract ${state.penalty.contractId}, which was never signed`);
          assertContractScope(meta.principal, contractState);
        }
        return penaltyDecider.decide({ type: 'RevokePenalty', data }, state, undefined);
      },
    });
  }
}
