import { Command } from '@nestjs/cqrs';
import type { RecordEvaluation } from '../../domain/contracts.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RecordEvaluationCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: RecordEvaluation['data'],
  ) {
    super();
  }
}
