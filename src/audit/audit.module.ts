import { Module } from '@nestjs/common';
import { LedgerEventsController } from './queries/ledger-events/ledger-events.http.controller';

@Module({ controllers: [LedgerEventsController] })
export class AuditModule {}
