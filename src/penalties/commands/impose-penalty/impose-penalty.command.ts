import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { ImposePenalty } from '../../domain/penalties.decider';

export class ImposePenaltyCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: ImposePenalty['data']) {
    super();
  }
}
