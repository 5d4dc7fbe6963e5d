import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { AllocateFund } from '../../domain/funds.decider';

export class AllocateFundCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: AllocateFund['data']) {
    super();
  }
}
