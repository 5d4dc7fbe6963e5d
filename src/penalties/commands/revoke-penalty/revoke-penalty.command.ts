import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { RevokePenalty } from '../../domain/penalties.decider';

export class RevokePenaltyCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: RevokePenalty['data']) {
    super();
  }
}
