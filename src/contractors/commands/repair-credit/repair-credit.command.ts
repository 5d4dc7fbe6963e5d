import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { RepairCreditRequest } from './repair-credit.request.dto';

export class RepairCreditCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly uscc: string, readonly body: RepairCreditRequest) {
    super();
  }
}
