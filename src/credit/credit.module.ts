import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CreditRecordsController } from './queries/credit-records.http.controller';
import { CreditFeedController } from './queries/credit-feed.http.controller';
import { CreditXzcfController } from './queries/credit-xzcf.http.controller';
import { CreditPublicationExpiry } from './expiry/credit-publication-expiry.service';

// CqrsModule as LedgerModule imports it: the EventBus LedgerWriter tells of commits (the global forRoot one is another instance).
@Module({
  imports: [CqrsModule],
  controllers: [CreditRecordsController, CreditFeedController, CreditXzcfController],
  providers: [CreditPublicationExpiry],
})
export class CreditModule {}
