import { Module } from '@nestjs/common';
import { ContractorPageController } from './contractors/contractor.controller';
import { ProjectListPageController } from './projects/project-list.controller';
import { ProjectPageController } from './projects/project.controller';
import { PublicApi } from './public-api';

/** The public portal and the auditor console (issue 16): pages rendered on the server from the public API. */
@Module({ controllers: [ProjectListPageController, ProjectPageController, ContractorPageController], providers: [PublicApi] })
export class PortalModule {}
