import { Module } from '@nestjs/common';
import { AuditConsoleController } from './audit/audit-console.controller';
import { ProjectListPageController } from './projects/project-list.controller';
import { PublicApi } from './public-api';

/** The public portal and the auditor console (issue 16): pages rendered on the server from the public API. */
@Module({ controllers: [ProjectListPageController, AuditConsoleController], providers: [PublicApi] })
export class PortalModule {}
