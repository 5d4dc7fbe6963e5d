import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../../http/command-meta';
import type { CommandOutcome } from '../../../http/command-response';
import type { RecordEvaluation } from '../../domain/contracts.decider';

export class RecordEvaluationCommand extends Command<CommandOutcome> {
  constructor(readonly meta: CommandMeta, readonly data: RecordEvaluation['data']) {
    super();
  }
}
