import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { CompleteContract } from '../../domain/contracts.decider';

export class CompleteContractCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: CompleteContract['data']) {
    super();
  }
}
