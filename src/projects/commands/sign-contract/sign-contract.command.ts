import { Command } from '@nestjs/cqrs';
import type { SignContractRequest } from './sign-contract.request.dto';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class SignContractCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly projectId: string, readonly body: SignContractRequest) {
    super();
  }
}
