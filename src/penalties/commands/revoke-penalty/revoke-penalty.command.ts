import { Command } from '@nestjs/cqrs';
import type { RevokePenalty } from '../../domain/penalties.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RevokePenaltyCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: RevokePenalty['data'],
  ) {
    super();
  }
}
