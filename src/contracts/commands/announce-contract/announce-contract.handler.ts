import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../ledger/command-runner';
import { runContractCommand } from '../contract-scope';
import { AnnounceContractCommand } from './announce-contract.command';
import type { CommandOutcome } from '../../../ledger/command';

/** Reads and appends contract-<contractId>; scoped to the contract's region. */
@CommandHandler(AnnounceContractCommand)
export class AnnounceContractHandler implements ICommandHandler<AnnounceContractCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: AnnounceContractCommand): Promise<CommandOutcome> {
    return runContractCommand(this.runner, meta, { type: 'AnnounceContract', data });
  }
}
