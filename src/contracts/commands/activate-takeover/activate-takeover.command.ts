import { Command } from '@nestjs/cqrs';
import type { ActivateTakeover } from '../../domain/contracts.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class ActivateTakeoverCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: ActivateTakeover['data'],
  ) {
    super();
  }
}
