import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamIds } from '../../../../events/streams';
import { CommandRunner } from '../../../ledger/command-runner';
import { stateOf } from '../../../ledger/fold';
import { contractorDecider } from '../../../contractors/domain/contractors.decider';
import { runProjectCommand } from '../project-scope';
import { AwardContractorCommand } from './award-contractor.command';
import type { CommandOutcome } from '../../../ledger/command';

@CommandHandler(AwardContractorCommand)
export class AwardContractorHandler implements ICommandHandler<AwardContractorCommand, CommandOutcome> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ meta, data }: AwardContractorCommand): Promise<CommandOutcome> {
    const contractor = StreamIds.contractor(data.contractorUscc);
    // The contractor's stream is read (eligibility, debarment on the award date) and so guards the commit.
    return runProjectCommand(
      this.runner,
      meta,
      { type: 'AwardContractor', data },
      {
        reads: [contractor],
        context: (loaded) => ({ contractor: stateOf(loaded, contractor, contractorDecider) }),
      },
    );
  }
}
