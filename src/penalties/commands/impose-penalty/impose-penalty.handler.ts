import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { assertContractScope } from '../../../contracts/commands/contract-scope';
import { penaltyDecider } from '../../domain/penalties.decider';
import { ImposePenaltyCommand } from './impose-penalty.command';
import type { CommandOutcome } from '../../../ledger/command';

/**
 * Reads penalty-<penaltyId> and contract-<contractId> (both guard the commit); one append carries
 * PenaltyImposed and its consequences to the penalty, contract and contractor streams (streamOf).
 */
@CommandHandler(ImposePenaltyCommand)
export class ImposePenaltyHandler implements ICommandHandler<ImposePenaltyCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: ImposePenaltyCommand): Promise<CommandOutcome> {
    const penalty = StreamIds.penalty(data.penaltyId);
    const contract = StreamIds.contract(data.contractId);
    return this.runner.run(meta, {
      primaryStream: penalty,
      reads: [penalty, contract],
      decide: (loaded) => {
        const contractState = stateOf(loaded, contract, contractDecider);
        assertContractScope(meta.principal, contractState);
        return penaltyDecider.decide({ type: 'ImposePenalty', data }, stateOf(loaded, penalty, penaltyDecider), {
          contract: contractState,
        });
      },
    });
  }
}
