import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractDecider } from '../../../contracts/domain/contracts.decider';
import { businessDateOf, projectDecider, SignContract } from '../../domain/projects.decider';
import { assertProjectScope, projectPolicy } from '../project-scope';
import { SignContractCommand } from './sign-contract.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(SignContractCommand)
export class SignContractHandler implements ICommandHandler<SignContractCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: SignContractCommand): Promise<CommandOutcome> {
    const command: SignContract = { type: 'SignContract', data };
    const project = StreamIds.project(data.projectId);
    const contract = StreamIds.contract(data.contractId);
    return this.runner.run(meta, {
      // The contract is born here: the response names its stream (ContractSigned), the project gets ProjectContracted.
      primaryStream: contract,
      reads: [project, contract],
      decide: (loaded) => {
        const state = stateOf(loaded, project, projectDecider);
        assertProjectScope(meta.principal, state);
        return projectDecider.decide(command, state, projectPolicy(state, businessDateOf(command)), {
          contract: stateOf(loaded, contract, contractDecider),
        });
      },
    });
  }
}
