import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { fundBaseYear, policyFor } from '../../../policy';
import { budgetDecider } from '../../../budgets/domain/budgets.decider';
import { fundsDecider } from '../../../funds/domain/funds.decider';
import { projectDecider } from '../../domain/projects.decider';
import { RegisterProjectCommand } from './register-project.command';
import { assertRegionScope } from '../../../shared/access';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(RegisterProjectCommand)
export class RegisterProjectHandler implements ICommandHandler<RegisterProjectCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: RegisterProjectCommand): Promise<CommandOutcome> {
    assertRegionScope(meta.principal, data.region);
    const { projectId, region, fiscalYear } = data;
    // The purchaser's registration date selects the pack: a later rule change never rewrites the past.
    const policy = policyFor(region, data.registeredOn);
    const project = StreamIds.project(projectId);
    const budgetStream = StreamIds.budget(region, fiscalYear);
    // Jilin judges the cap against the same year's funds, Inner Mongolia the previous year's (DOMAIN.md).
    const fundStream = StreamIds.fund(region, fundBaseYear(policy, fiscalYear));
    return this.runner.run(meta, {
      primaryStream: project,
      reads: [project, budgetStream, fundStream],
      // Every registration of the region-year reads and appends this one stream: they take turns on it.
      serializeOn: budgetStream,
      decide: (loaded) =>
        projectDecider.decide({ type: 'RegisterProject', data }, stateOf(loaded, project, projectDecider), policy, {
          budget: stateOf(loaded, budgetStream, budgetDecider),
          fundBase: stateOf(loaded, fundStream, fundsDecider),
        }),
    });
  }
}
