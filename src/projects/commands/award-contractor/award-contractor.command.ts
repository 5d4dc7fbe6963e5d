import { Command } from '@nestjs/cqrs';
import type { AwardContractor } from '../../domain/projects.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class AwardContractorCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: AwardContractor['data'],
  ) {
    super();
  }
}
