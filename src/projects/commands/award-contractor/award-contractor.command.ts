import { Command } from '@nestjs/cqrs';
import type { AwardContractorRequest } from './award-contractor.request.dto';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class AwardContractorCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly projectId: string, readonly body: AwardContractorRequest) {
    super();
  }
}
