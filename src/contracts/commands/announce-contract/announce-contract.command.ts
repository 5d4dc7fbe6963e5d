import { Command } from '@nestjs/cqrs';
import type { AnnounceContract } from '../../domain/contracts.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class AnnounceContractCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: AnnounceContract['data'],
  ) {
    super();
  }
}
