import { Command } from '@nestjs/cqrs';
import type { RegisterContractor } from '../../domain/contractors.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RegisterContractorCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: RegisterContractor['data'],
  ) {
    super();
  }
}
