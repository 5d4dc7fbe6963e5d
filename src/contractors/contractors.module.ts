import { Module } from '@nestjs/common';
import { RegisterContractorController } from './commands/register-contractor/register-contractor.http.controller';
import { RegisterContractorHandler } from './commands/register-contractor/register-contractor.handler';
import { RepairCreditController } from './commands/repair-credit/repair-credit.http.controller';
import { RepairCreditHandler } from './commands/repair-credit/repair-credit.handler';
import { ListContractorsController } from './queries/list-contractors/list-contractors.http.controller';

@Module({
  controllers: [RegisterContractorController, RepairCreditController, ListContractorsController],
  providers: [RegisterContractorHandler, RepairCreditHandler],
})
export class ContractorsModule {}
