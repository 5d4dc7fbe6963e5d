import { Module } from '@nestjs/common';
import { AuditConsoleController } from './audit/audit-console.controller';
import { AuditVerifyPageController } from './audit-verify/audit-verify.controller';
import { BudgetPagesController } from './budgets/budgets.controller';
import { ContractorPageController } from './contractors/contractor.controller';
import { DownloadsPageController } from './downloads/downloads.controller';
import { OcdsDownloadController } from './downloads/ocds-download.controller';
import { ProjectListPageController } from './projects/project-list.controller';
import { ProjectPageController } from './projects/project.controller';
import { PublicApi } from './public-api';
import { VerifyPageController } from './verify/verify.controller';

/** The public portal and the auditor console (issue 16): pages rendered on the server from the public API. */
@Module({
  controllers: [
    ProjectListPageController,
    ProjectPageController,
    ContractorPageController,
    BudgetPagesController,
    VerifyPageController,
    DownloadsPageController,
    OcdsDownloadController,
    AuditConsoleController,
    AuditVerifyPageController,
  ],
  providers: [PublicApi],
})
export class PortalModule {}
