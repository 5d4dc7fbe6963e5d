import { Module } from '@nestjs/common';
import { ErasePrivateDataController } from './commands/erase-private-data/erase-private-data.http.controller';
import { ErasePrivateDataHandler } from './commands/erase-private-data/erase-private-data.handler';

/** Erasure of personal data (PIPL art. 47): POST /v1/admin/erasures. */
@Module({
  controllers: [ErasePrivateDataController],
  providers: [ErasePrivateDataHandler],
})
export class ErasuresModule {}
