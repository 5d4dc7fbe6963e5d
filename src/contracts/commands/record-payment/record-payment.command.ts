import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { RecordPayment } from '../../domain/contracts.decider';

export class RecordPaymentCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: RecordPayment['data']) {
    super();
  }
}
