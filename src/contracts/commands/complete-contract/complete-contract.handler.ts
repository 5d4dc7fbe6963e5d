import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../ledger/command-runner';
import { runContractCommand } from '../contract-scope';
import { CompleteContractCommand } from './complete-contract.command';
import type { CommandOutcome } from '../../../ledger/command';

/** Reads and appends contract-<contractId>; scoped to the contract's region. */
@CommandHandler(CompleteContractCommand)
export class CompleteContractHandler implements ICommandHandler<CompleteContractCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: CompleteContractCommand): Promise<CommandOutcome> {
    return runContractCommand(this.runner, meta, { type: 'CompleteContract', data });
  }
}
