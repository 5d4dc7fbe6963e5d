import { Command } from '@nestjs/cqrs';
import type { RegisterProjectRequest } from './register-project.request.dto';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RegisterProjectCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly body: RegisterProjectRequest) {
    super();
  }
}
