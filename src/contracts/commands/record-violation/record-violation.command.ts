import { Command } from '@nestjs/cqrs';
import type { RecordViolation } from '../../domain/contracts.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RecordViolationCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: RecordViolation['data'],
  ) {
    super();
  }
}
