import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../ledger/command-runner';
import { runContractCommand } from '../contract-scope';
import { RecordPaymentCommand } from './record-payment.command';
import type { CommandOutcome } from '../../../ledger/command';

/** Reads and appends contract-<contractId>; scoped to the contract's region. */
@CommandHandler(RecordPaymentCommand)
export class RecordPaymentHandler implements ICommandHandler<RecordPaymentCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: RecordPaymentCommand): Promise<CommandOutcome> {
    return runContractCommand(this.runner, meta, { type: 'RecordPayment', data });
  }
}
