import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractorDecider } from '../../domain/contractors.decider';
import { RegisterContractorCommand } from './register-contractor.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(RegisterContractorCommand)
export class RegisterContractorHandler implements ICommandHandler<RegisterContractorCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: RegisterContractorCommand): Promise<CommandOutcome> {
    const stream = StreamIds.contractor(data.uscc);
    return this.runner.run(meta, {
      primaryStream: stream,
      reads: [stream],
      decide: (loaded) => contractorDecider.decide({ type: 'RegisterContractor', data }, stateOf(loaded, stream, contractorDecider)),
    });
  }
}
