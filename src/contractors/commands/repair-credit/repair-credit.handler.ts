import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractorDecider } from '../../domain/contractors.decider';
import { RepairCreditCommand } from './repair-credit.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(RepairCreditCommand)
export class RepairCreditHandler implements ICommandHandler<RepairCreditCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: RepairCreditCommand): Promise<CommandOutcome> {
    const stream = StreamIds.contractor(data.uscc);
    return this.runner.run(meta, {
      primaryStream: stream,
      reads: [stream],
      decide: (loaded) => contractorDecider.decide({ type: 'RepairCredit', data }, stateOf(loaded, stream, contractorDecider)),
    });
  }
}
