import { Command } from '@nestjs/cqrs';
import type { RecordPayment } from '../../domain/contracts.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RecordPaymentCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: RecordPayment['data'],
  ) {
    super();
  }
}
