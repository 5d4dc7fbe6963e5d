import { Module } from '@nestjs/common';
import { RegisterProjectController } from './commands/register-project/register-project.http.controller';
import { RegisterProjectHandler } from './commands/register-project/register-project.handler';
import { PublishTenderController } from './commands/publish-tender/publish-tender.http.controller';
import { PublishTenderHandler } from './commands/publish-tender/publish-tender.handler';
import { AwardContractorController } from './commands/award-contractor/award-contractor.http.controller';
import { AwardContractorHandler } from './commands/award-contractor/award-contractor.handler';
import { SignContractController } from './commands/sign-contract/sign-contract.http.controller';
import { SignContractHandler } from './commands/sign-contract/sign-contract.handler';
import { GetProjectController } from './queries/get-project/get-project.http.controller';
import { ProjectHistoryController } from './queries/project-history/project-history.http.controller';

@Module({
  controllers: [
    RegisterProjectController,
    PublishTenderController,
    AwardContractorController,
    SignContractController,
    GetProjectController,
    ProjectHistoryController,
  ],
  providers: [RegisterProjectHandler, PublishTenderHandler, AwardContractorHandler, SignContractHandler],
})
export class ProjectsModule {}
