import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { dishonestyStatusOn } from '../../../projections/common/credit-status';
import { creditRecords, debarredOn, type CreditRecordRow } from '../../../projections/credit_records/credit_records.projection';
import { addDays, isValidDate } from '../../shared/domain/dates';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { CurrentPrincipal, Roles } from '../../http/auth';
import { businessDate, Clock } from '../../shared/clock';
import { ApiKeysetPage, decodeCursor, encodeCursor, parseLimit } from '../../http/cursor';
import { awaitFreshness } from '../../http/freshness';
import { UsccPipe } from '../../http/params';
import { ProblemException } from '../../http/problem';
import { CLOCK, EVENT_STORE, PROJECTION_STORE } from '../../shared/di-tokens';
import { StreamIds } from '../../../events/streams';
import type { EventStore } from '../../ledger/event-store.port';
import { foldStreamsInMemory } from '../../projection-runner/in-memory-fold';
import { dayOfView, describeView, inView, parseTimeView, TIME_VIEW_QUERIES } from '../../http/time-view';
import type { Principal } from '../../shared/access';
import { ofKind, oneOfKind } from '../../projection-runner/rows-of-kind';

import { ApiCsvForm, jsonOrCsv } from '../../http/csv';
import { DISHONESTY_CSV, dishonestyCsv, type DishonestyItem } from './dishonesty.csv';

function dateParam(value: unknown, name: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && isValidDate(value)) return value;
  throw new ProblemException(400, 'VALIDATION_FAILED', `${name} must be a calendar date YYYY-MM-DD`, [
    { path: `query.${name}`, message: 'must be a calendar date YYYY-MM-DD' },
  ]);
}

/** Credit platforms' reads (API.md "Queries"): from read models, never from private parts. */
@ApiTags('credit')
@ApiBearerAuth()
@Controller('v1/credit')
@Roles('credit-platform', 'auditor')
export class CreditRecordsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @ApiOperation({ summary: 'The credit record of a contractor' })
  @Get('contractors/:uscc')
  // Purchasers check a contractor of any region before they award (issue 14).
  @Roles('credit-platform', 'auditor', 'purchaser')
  @ApiQuery({
    name: 'date',
    required: false,
    description: 'the day debarredOn answers for (default: today, UTC+8)',
    schema: { type: 'string', format: 'date' },
  })
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery(TIME_VIEW_QUERIES[0])
  @ApiQuery(TIME_VIEW_QUERIES[1])
  async record(
    @Param('uscc', UsccPipe) uscc: string,
    @Query('date') date: unknown,
    @Query('minPosition') minPosition: unknown,
    @Query('asOf') asOf: unknown,
    @Query('recordedBefore') recordedBefore: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<object> {
    const view = parseTimeView(asOf, recordedBefore);
    await awaitFreshness(this.runner, ['credit_records'], minPosition);
    // The day statuses answer for: the view's day (a past view judges by its own day), else today.
    const today = view === null ? businessDate(this.clock()) : dayOfView(view);
    const on = dateParam(date, 'date', today);
    let row = oneOfKind(await this.rows.getRow('credit_records', `contractor:${uscc}`), 'contractor');
    if (row && view !== null) {
      // The same fold over the contractor's, its contracts' and its penalties' entries in the view.
      const streams = [
        StreamIds.contractor(uscc),
        // Every contract the record names: a violation is shown before its contract is announced (sealed).
        ...[...row.contracts, ...row.evaluations, ...row.violations, ...row.penalties].map((c) => StreamIds.contract(c.contractId)),
        ...row.penalties.map((p) => StreamIds.penalty(p.penaltyId)),
      ];
      const folded = await foldStreamsInMemory(this.store, creditRecords, streams, (e) => inView(e, view));
      row = oneOfKind(folded.get(`contractor:${uscc}`) ?? null, 'contractor');
    }
    if (!row || row.name === null) throw new ProblemException(404, 'NOT_FOUND', `no contractor ${uscc} is registered`);
    // The row was just parsed for this request: answer with it rather than copy it (the hottest read route).
    const record = row as unknown as Record<string, unknown>;
    record.debarredOn = { date: on, debarred: debarredOn(row, on) };
    record.dishonestyRecords = shownRecords(row, today, principal.role === 'auditor' || principal.role === 'admin');
    delete record.kind;
    return view === null ? record : { ...describeView(view), ...record };
  }

  /**
   * Dishonesty records in force on a date (published on or before it, not ended on or before it), a page at
   * a time in publication order. A record whose publishedUntil is before the date is out even if
   * CreditPublicationEnded has not been appended yet; a repaired record is out on every date (信用修复 ends
   * publication and sharing; auditors read it in the credit record).
   */
  @ApiOperation({ summary: 'Dishonesty records in force on a date, a page at a time, as JSON or CSV (the same page)' })
  @Get('dishonesty')
  @Roles('credit-platform', 'auditor', 'purchaser')
  @ApiCsvForm(DISHONESTY_CSV)
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'the day the records are in force on, YYYY-MM-DD (default: today, UTC+8)',
    schema: { type: 'string', format: 'date' },
  })
  @ApiKeysetPage('nextCursor of the previous page (or a ledger position: records published after it)')
  @ApiQuery({ name: 'minPosition', required: false })
  async dishonesty(
    @Query('asOf') asOf: unknown,
    @Query('after') after: unknown,
    @Query('limit') limit: unknown,
    @Query('minPosition') minPosition: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ asOf: string; items: DishonestyItem[]; nextCursor: string } | string> {
    const today = businessDate(this.clock());
    const on = dateParam(asOf, 'asOf', today);
    const from = decodeCursor(after);
    const n = parseLimit(limit, 100, 1000);
    await awaitFreshness(this.runner, ['dishonesty_records'], minPosition);
    // While a new definition is built, the served table is the previous one's, without the columns asked for below.
    if ((await this.runner.statuses()).some((s) => s.name === 'dishonesty_records' && s.status === 'rebuilding')) {
      throw new ProblemException(
        503,
        'SERVICE_UNAVAILABLE',
        'the dishonesty records are being rebuilt for a new definition; retry shortly',
        undefined,
        {
          'Retry-After': '5',
        },
      );
    }
    // In force on `on`: published_from ≤ on < ends_on (null: no end yet). Two keyset queries, merged.
    const query = (ends: null | { from: string }) =>
      this.rows.queryRows('dishonesty_records', {
        where: { kind: 'record', published_from: { to: on }, position: { from: from + 1 }, ends_on: ends },
        orderBy: { column: 'position' },
        limit: n,
      });
    const [open, ending] = await Promise.all([query(null), query({ from: addDays(on, 1) })]);
    const items = ofKind([...open, ...ending], 'record')
      .sort((a, b) => a.position - b.position)
      .slice(0, n)
      .map(({ kind: _k, lastPosition: _l, history: _h, ...item }) => ({ ...item, status: dishonestyStatusOn(item, on) ?? item.status }));
    const nextCursor = encodeCursor(items.length > 0 ? items[items.length - 1].position : from);
    return jsonOrCsv(req, res, { asOf: on, items, nextCursor }, () => dishonestyCsv(items), nextCursor);
  }
}

/**
 * A credit record's dishonesty records as its reader sees them today: a period elapsed shows as expired
 * before CreditPublicationEnded is appended; a repaired record is shown to auditors only (with its
 * history), since repair ends publication and sharing (NDRC Order 36 of 2025).
 */
function shownRecords(row: CreditRecordRow, today: string, auditor: boolean): CreditRecordRow['dishonestyRecords'] {
  return row.dishonestyRecords
    .filter((r) => auditor || r.status !== 'repaired')
    .map((r) => ({ ...r, status: dishonestyStatusOn(r, today) ?? r.status }));
}
