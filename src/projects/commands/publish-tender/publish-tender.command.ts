import { Command } from '@nestjs/cqrs';
import type { PublishTender } from '../../domain/projects.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class PublishTenderCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: PublishTender['data'],
  ) {
    super();
  }
}
