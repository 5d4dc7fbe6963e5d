import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { runProjectCommand } from '../project-scope';
import { SignContractCommand } from './sign-contract.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(SignContractCommand)
export class SignContractHandler implements ICommandHandler<SignContractCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: SignContractCommand): Promise<CommandOutcome> {
    const contract = StreamIds.contract(data.contractId);
    // The contract is born here: the response names its stream (ContractSigned), the project gets ProjectContracted.
    return runProjectCommand(
      this.runner,
      meta,
      { type: 'SignContract', data },
      {
        primaryStream: contract,
        reads: [contract],
        context: (loaded) => ({ contract: stateOf(loaded, contract, contractDecider) }),
      },
    );
  }
}
