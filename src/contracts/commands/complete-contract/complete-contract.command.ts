import { Command } from '@nestjs/cqrs';
import type { CompleteContract } from '../../domain/contracts.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class CompleteContractCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: CompleteContract['data'],
  ) {
    super();
  }
}
