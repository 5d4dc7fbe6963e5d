import { Command } from '@nestjs/cqrs';
import type { RepairCreditRequest } from './repair-credit.request.dto';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RepairCreditCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly uscc: string, readonly body: RepairCreditRequest) {
    super();
  }
}
