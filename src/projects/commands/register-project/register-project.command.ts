import { Command } from '@nestjs/cqrs';
import type { RegisterProject } from '../../domain/projects.decider';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

export class RegisterProjectCommand extends Command<CommandOutcome> {
  /** The registration date is the service's (it selects the policy pack): the handler adds it. */
  constructor(
    readonly meta: CommandMeta,
    readonly data: Omit<RegisterProject['data'], 'registeredAt'>,
  ) {
    super();
  }
}
