import { Module } from '@nestjs/common';
import { FileFinancialReportController } from './commands/file-financial-report/file-financial-report.http.controller';
import { FileFinancialReportHandler } from './commands/file-financial-report/file-financial-report.handler';
import { RegisterContractorController } from './commands/register-contractor/register-contractor.http.controller';
import { RegisterContractorHandler } from './commands/register-contractor/register-contractor.handler';
import { RepairCreditController } from './commands/repair-credit/repair-credit.http.controller';
import { RepairCreditHandler } from './commands/repair-credit/repair-credit.handler';
import { ListContractorsController } from './queries/list-contractors/list-contractors.http.controller';

@Module({
  controllers: [RegisterContractorController, RepairCreditController, FileFinancialReportController, ListContractorsController],
  providers: [RegisterContractorHandler, RepairCreditHandler, FileFinancialReportHandler],
})
export class ContractorsModule {}
