import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { foldStream } from '../../../ledger/fold';
import { fundsDecider } from '../../domain/funds.decider';
import { AllocateFundCommand } from './allocate-fund.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(AllocateFundCommand)
export class AllocateFundHandler implements ICommandHandler<AllocateFundCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: AllocateFundCommand): Promise<CommandOutcome> {
    const stream = StreamIds.fund(data.region, data.fiscalYear);
    return this.runner.run(meta, {
      primaryStream: stream,
      reads: [stream],
      decide: (loaded) => {
        const state = foldStream(loaded.get(stream)!.entries, fundsDecider.evolve, fundsDecider.initialState());
        return fundsDecider.decide({ type: 'AllocateFund', data }, state);
      },
    });
  }
}
