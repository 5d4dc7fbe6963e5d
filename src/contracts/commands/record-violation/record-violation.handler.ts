import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../ledger/command-runner';
import { runContractCommand } from '../contract-scope';
import { RecordViolationCommand } from './record-violation.command';
import type { CommandOutcome } from '../../../ledger/command';

/** Reads and appends contract-<contractId>; scoped to the contract's region. */
@CommandHandler(RecordViolationCommand)
export class RecordViolationHandler implements ICommandHandler<RecordViolationCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: RecordViolationCommand): Promise<CommandOutcome> {
    return runContractCommand(this.runner, meta, { type: 'RecordViolation', data });
  }
}
