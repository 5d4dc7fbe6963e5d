import { Module } from '@nestjs/common';
import { CreditRecordsController } from './queries/credit-records.http.controller';
import { CreditFeedController } from './queries/credit-feed.http.controller';
import { CreditPublicationExpiry } from './expiry/credit-publication-expiry.service';

@Module({ controllers: [CreditRecordsController, CreditFeedController], providers: [CreditPublicationExpiry] })
export class CreditModule {}
