import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { businessDateOf, projectDecider, PublishTender } from '../../domain/projects.decider';
import { assertProjectScope, projectPolicy } from '../project-scope';
import { PublishTenderCommand } from './publish-tender.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(PublishTenderCommand)
export class PublishTenderHandler implements ICommandHandler<PublishTenderCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: PublishTenderCommand): Promise<CommandOutcome> {
    const command: PublishTender = { type: 'PublishTender', data };
    const stream = StreamIds.project(data.projectId);
    return this.runner.run(meta, {
      primaryStream: stream,
      reads: [stream],
      decide: (loaded) => {
        const state = stateOf(loaded, stream, projectDecider);
        assertProjectScope(meta.principal, state);
        return projectDecider.decide(command, state, projectPolicy(state, businessDateOf(command)), undefined);
      },
    });
  }
}
