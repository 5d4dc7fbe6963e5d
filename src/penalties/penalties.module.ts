import { Module } from '@nestjs/common';
import { ImposePenaltyController } from './commands/impose-penalty/impose-penalty.http.controller';
import { ImposePenaltyHandler } from './commands/impose-penalty/impose-penalty.handler';
import { RevokePenaltyController } from './commands/revoke-penalty/revoke-penalty.http.controller';
import { RevokePenaltyHandler } from './commands/revoke-penalty/revoke-penalty.handler';

@Module({
  controllers: [ImposePenaltyController, RevokePenaltyController],
  providers: [ImposePenaltyHandler, RevokePenaltyHandler],
})
export class PenaltiesModule {}
