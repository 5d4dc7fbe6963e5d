import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractorDecider } from '../../../contractors/domain/contractors.decider';
import { AwardContractor, businessDateOf, projectDecider } from '../../domain/projects.decider';
import { assertProjectScope, projectPolicy } from '../project-scope';
import { AwardContractorCommand } from './award-contractor.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(AwardContractorCommand)
export class AwardContractorHandler implements ICommandHandler<AwardContractorCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: AwardContractorCommand): Promise<CommandOutcome> {
    const command: AwardContractor = { type: 'AwardContractor', data };
    const project = StreamIds.project(data.projectId);
    const contractor = StreamIds.contractor(data.contractorUscc);
    return this.runner.run(meta, {
      primaryStream: project,
      // The contractor's stream is read (eligibility, debarment on the award date) and so guards the commit.
      reads: [project, contractor],
      decide: (loaded) => {
        const state = stateOf(loaded, project, projectDecider);
        assertProjectScope(meta.principal, state);
        return projectDecider.decide(command, state, projectPolicy(state, businessDateOf(command)), {
          contractor: stateOf(loaded, contractor, contractorDecider),
        });
      },
    });
  }
}
