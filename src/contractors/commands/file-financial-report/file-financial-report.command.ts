import { Command } from '@nestjs/cqrs';
import type { FileFinancialReport } from '../../domain/financial-report-rules';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class FileFinancialReportCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: FileFinancialReport['data'],
  ) {
    super();
  }
}
