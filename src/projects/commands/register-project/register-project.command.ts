import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { RegisterProjectRequest } from './register-project.request.dto';

export class RegisterProjectCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly body: RegisterProjectRequest) {
    super();
  }
}
