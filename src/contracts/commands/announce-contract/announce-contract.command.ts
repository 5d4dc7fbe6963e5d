import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { AnnounceContract } from '../../domain/contracts.decider';

export class AnnounceContractCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: AnnounceContract['data']) {
    super();
  }
}
