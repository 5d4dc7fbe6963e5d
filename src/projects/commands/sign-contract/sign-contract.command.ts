import { Command } from '@nestjs/cqrs';
import type { SignContract } from '../../domain/projects.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class SignContractCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: SignContract['data'],
  ) {
    super();
  }
}
