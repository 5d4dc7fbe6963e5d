import { Module } from '@nestjs/common';
import { LedgerEventsController } from './queries/ledger-events/ledger-events.http.controller';
import { FindingsController } from './queries/findings/findings.http.controller';

@Module({ controllers: [LedgerEventsController, FindingsController] })
export class AuditModule {}
