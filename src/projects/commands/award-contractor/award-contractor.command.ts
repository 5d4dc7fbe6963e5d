import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { AwardContractorRequest } from './award-contractor.request.dto';

export class AwardContractorCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly projectId: string, readonly body: AwardContractorRequest) {
    super();
  }
}
