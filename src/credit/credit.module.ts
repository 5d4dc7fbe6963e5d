import { Module } from '@nestjs/common';
import { CreditRecordsController } from './queries/credit-records.http.controller';
import { CreditFeedController } from './queries/credit-feed.http.controller';

@Module({ controllers: [CreditRecordsController, CreditFeedController] })
export class CreditModule {}
