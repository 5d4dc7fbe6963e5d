import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { assertContractScope } from '../../../contracts/commands/contract-scope';
import { authorityRegister, penaltyDecider } from '../../domain/penalties.decider';
import { ImposePenaltyCommand } from './impose-penalty.command';
import type { CommandOutcome } from '../../../ledger/command';

/**
 * Reads penalty-<penaltyId>, contract-<contractId> and authority-<uscc> (all guard the commit); one append
 * carries PenaltyImposed, its consequences and the authority's DecisionNumberIssued to the penalty,
 * contract, contractor and authority streams (streamOf).
 */
@CommandHandler(ImposePenaltyCommand)
export class ImposePenaltyHandler implements ICommandHandler<ImposePenaltyCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: ImposePenaltyCommand): Promise<CommandOutcome> {
    const penalty = StreamIds.penalty(data.penaltyId);
    const contract = StreamIds.contract(data.contractId);
    const authority = StreamIds.authority(data.authority.uscc);
    return this.runner.run(meta, {
      primaryStream: penalty,
      // The route is /v1/contracts/:contractId/penalties: If-Match guards the contract.
      ifMatchStream: contract,
      reads: [penalty, contract, authority],
      decide: (loaded) => {
        const contractState = stateOf(loaded, contract, contractDecider);
        assertContractScope(meta.principal, contractState);
        return penaltyDecider.decide({ type: 'ImposePenalty', data }, stateOf(loaded, penalty, penaltyDecider), {
          contract: contractState,
          authority: stateOf(loaded, authority, authorityRegister),
        });
      },
    });
  }
}
