import { Module } from '@nestjs/common';
import { AllocateFundController } from './commands/allocate-fund/allocate-fund.http.controller';
import { AllocateFundHandler } from './commands/allocate-fund/allocate-fund.handler';

@Module({
  controllers: [AllocateFundController],
  providers: [AllocateFundHandler],
})
export class FundsModule {}
