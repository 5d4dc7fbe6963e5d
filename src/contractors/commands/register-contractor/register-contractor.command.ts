import { Command } from '@nestjs/cqrs';
import type { RegisterContractorRequest } from './register-contractor.request.dto';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RegisterContractorCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly body: RegisterContractorRequest) {
    super();
  }
}
