import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { ConcurrencyConflictError, type EventStore } from '../../../ledger/event-store.port';
import { foldStream, stateOf } from '../../../ledger/fold';
import { EVENT_STORE } from '../../../shared/di-tokens';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { assertContractScope } from '../../../contracts/commands/contract-scope';
import { penaltyDecider } from '../../../penalties/domain/penalties.decider';
import { contractorDecider } from '../../domain/contractors.decider';
import { RepairCreditCommand } from './repair-credit.command';
import type { CommandOutcome } from '../../../ledger/command';

/**
 * Reads contractor-<uscc> and penalty-<penaltyId> (both guard the commit), and the contract the penalty names
 * for the region scope: a purchaser repairs only records of penalties of its regions. The contract is known
 * only from the penalty, so a first read finds it (as the revocation does).
 */
@CommandHandler(RepairCreditCommand)
export class RepairCreditHandler implements ICommandHandler<RepairCreditCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ meta, data }: RepairCreditCommand): Promise<CommandOutcome> {
    const stream = StreamIds.contractor(data.uscc);
    const penalty = StreamIds.penalty(data.penaltyId);
    const found = foldStream(await this.store.readStream(penalty), penaltyDecider.evolve, penaltyDecider.initialState());
    const contract = found.status === 'none' ? undefined : StreamIds.contract(found.penalty.contractId);
    return this.runner.run(meta, {
      primaryStream: stream,
      reads: contract === undefined ? [stream, penalty] : [stream, penalty, contract],
      decide: (loaded) => {
        const penaltyState = stateOf(loaded, penalty, penaltyDecider);
        if (penaltyState.status !== 'none') {
          const named = StreamIds.contract(penaltyState.penalty.contractId);
          // Imposed between the first read and this one: its contract was not read, so its scope is unknown.
          if (!loaded.has(named)) throw new ConcurrencyConflictError(penalty, 'no_stream', loaded.get(penalty)?.version ?? 0);
          assertContractScope(meta.principal, stateOf(loaded, named, contractDecider));
        }
        return contractorDecider.decide({ type: 'RepairCredit', data }, stateOf(loaded, stream, contractorDecider), {
          penalty: penaltyState,
        });
      },
    });
  }
}
