import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../ledger/command-runner';
import { runContractCommand } from '../contract-scope';
import { RecordEvaluationCommand } from './record-evaluation.command';
import type { CommandOutcome } from '../../../ledger/command';

/** Reads and appends contract-<contractId>; scoped to the contract's region. */
@CommandHandler(RecordEvaluationCommand)
export class RecordEvaluationHandler implements ICommandHandler<RecordEvaluationCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: RecordEvaluationCommand): Promise<CommandOutcome> {
    return runContractCommand(this.runner, meta, { type: 'RecordEvaluation', data });
  }
}
