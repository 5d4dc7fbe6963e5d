import { Command } from '@nestjs/cqrs';
import type { PublishTenderRequest } from './publish-tender.request.dto';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class PublishTenderCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly projectId: string, readonly body: PublishTenderRequest) {
    super();
  }
}
