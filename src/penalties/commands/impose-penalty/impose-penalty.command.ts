import { Command } from '@nestjs/cqrs';
import type { ImposePenalty } from '../../domain/penalties.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class ImposePenaltyCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: ImposePenalty['data'],
  ) {
    super();
  }
}
