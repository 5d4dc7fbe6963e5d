import { Command } from '@nestjs/cqrs';
import type { RepairCredit } from '../../domain/contractors.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RepairCreditCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: RepairCredit['data'],
  ) {
    super();
  }
}
