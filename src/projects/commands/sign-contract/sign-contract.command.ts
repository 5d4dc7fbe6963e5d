import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { SignContractRequest } from './sign-contract.request.dto';

export class SignContractCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly projectId: string, readonly body: SignContractRequest) {
    super();
  }
}
