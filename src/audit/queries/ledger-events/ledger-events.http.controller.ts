import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCsvForm, jsonOrCsv } from '../../../http/csv';
import { LEDGER_EVENTS_CSV, ledgerEventsCsv } from './ledger-events.csv';
import type { EventStore } from '../../../ledger/event-store.port';
import { auditorEntry, type AuditorEntry } from '../../../ledger/auditor-entry';
import { Roles } from '../../../http/auth';
import { ApiKeysetPage, decodeCursor, encodeCursor, parseLimit } from '../../../http/cursor';
import { EVENT_STORE } from '../../../shared/di-tokens';
import { OnlyDocumentedQuery } from '../../../http/params';

/**
 * GET /v1/ledger/events — raw ledger entries for auditors, private parts included (API.md); `Accept: text/csv` gives the
 * same page as CSV, without the private parts (ledger-events.csv.ts says why).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/ledger/events')
@OnlyDocumentedQuery()
export class LedgerEventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @ApiOperation({ summary: 'Raw ledger entries, ascending, with their private parts (as CSV: the public envelopes)' })
  @Get()
  @Roles('auditor')
  @ApiCsvForm(LEDGER_EVENTS_CSV)
  @ApiKeysetPage('nextCursor of the previous page, or a ledger position: the entries after it')
  async list(
    @Query('after') after: unknown,
    @Query('limit') limit: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ items: AuditorEntry[]; nextCursor: string } | string> {
    const from = decodeCursor(after);
    const n = parseLimit(limit, 100, 1000);
    const items = (await this.store.readAll(from, n)).map(auditorEntry);
    // Always a cursor: a client that polls goes on from the last entry it saw.
    const nextCursor = encodeCursor(items.length > 0 ? items[items.length - 1].position : from);
    return jsonOrCsv(req, res, { items, nextCursor }, () => ledgerEventsCsv(items), nextCursor);
  }
}
