import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../ledger/command-runner';
import { runContractCommand } from '../contract-scope';
import { ActivateTakeoverCommand } from './activate-takeover.command';
import type { CommandOutcome } from '../../../ledger/command';

/** Reads and appends contract-<contractId>; scoped to the contract's region. */
@CommandHandler(ActivateTakeoverCommand)
export class ActivateTakeoverHandler implements ICommandHandler<ActivateTakeoverCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: ActivateTakeoverCommand): Promise<CommandOutcome> {
    return runContractCommand(this.runner, meta, { type: 'ActivateTakeover', data });
  }
}
