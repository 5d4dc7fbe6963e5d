import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { businessDate, Clock } from '../../../shared/clock';
import { CLOCK } from '../../../shared/di-tokens';
import { contractorDecider } from '../../domain/contractors.decider';
import { FileFinancialReportCommand } from './file-financial-report.command';
import type { CommandOutcome } from '../../../ledger/command';

/** Reads contractor-<uscc> only (it guards the commit: a second report for a year is refused); today comes from the clock. */
@CommandHandler(FileFinancialReportCommand)
export class FileFinancialReportHandler implements ICommandHandler<FileFinancialReportCommand, CommandOutcome> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ meta, data }: FileFinancialReportCommand): Promise<CommandOutcome> {
    const stream = StreamIds.contractor(data.uscc);
    return this.runner.run(meta, {
      primaryStream: stream,
      reads: [stream],
      decide: (loaded) =>
        contractorDecider.decide({ type: 'FileFinancialReport', data }, stateOf(loaded, stream, contractorDecider), {
          today: businessDate(this.clock()),
        }),
    });
  }
}
