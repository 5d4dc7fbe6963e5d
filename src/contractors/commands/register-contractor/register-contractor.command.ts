import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { RegisterContractorRequest } from './register-contractor.request.dto';

export class RegisterContractorCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly body: RegisterContractorRequest) {
    super();
  }
}
