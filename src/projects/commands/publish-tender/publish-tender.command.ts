import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { PublishTenderRequest } from './publish-tender.request.dto';

export class PublishTenderCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly projectId: string, readonly body: PublishTenderRequest) {
    super();
  }
}
