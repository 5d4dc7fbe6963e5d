import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../../../ledger/command-runner';
import { runProjectCommand } from '../project-scope';
import { PublishTenderCommand } from './publish-tender.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(PublishTenderCommand)
export class PublishTenderHandler implements ICommandHandler<PublishTenderCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: PublishTenderCommand): Promise<CommandOutcome> {
    return runProjectCommand(this.runner, meta, { type: 'PublishTender', data }, { context: () => undefined });
  }
}
