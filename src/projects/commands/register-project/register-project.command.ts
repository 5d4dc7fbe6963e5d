import { Command } from '@nestjs/cqrs';
import type { RegisterProject } from '../../domain/projects.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RegisterProjectCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: RegisterProject['data'],
  ) {
    super();
  }
}
