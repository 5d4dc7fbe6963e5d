import { Command } from '@nestjs/cqrs';
import type { AllocateFund } from '../../domain/funds.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class AllocateFundCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: AllocateFund['data'],
  ) {
    super();
  }
}
