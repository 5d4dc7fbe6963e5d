import { Module } from '@nestjs/common';
import { CreditRecordsController } from './queries/credit-records.http.controller';
import { CreditFeedController } from './queries/credit-feed.http.controller';
import { CreditXzcfController } from './queries/credit-xzcf.http.controller';

@Module({ controllers: [CreditRecordsController, CreditFeedController, CreditXzcfController] })
export class CreditModule {}
