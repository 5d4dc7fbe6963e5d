import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { RecordViolation } from '../../domain/contracts.decider';

export class RecordViolationCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: RecordViolation['data']) {
    super();
  }
}
