import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { debarredOn } from '../../../projections/credit_records/credit_records.projection';
import type { DishonestyRecordRow } from '../../../projections/dishonesty_records/dishonesty_records.projection';
import { addDays, isValidDate } from '../../shared/domain/dates';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { Roles } from '../../http/auth';
import { businessDate, Clock } from '../../http/clock';
import { awaitFreshness } from '../../http/freshness';
import { UsccPipe } from '../../http/params';
import { ProblemException } from '../../http/problem';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { oneOfKind } from '../../projection-runner/rows-of-kind';

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
  async record(
    @Param('uscc', UsccPipe) uscc: string,
    @Query('date') date: unknown,
    @Query('minPosition') minPosition: unknown,
  ): Promise<object> {
    await awaitFreshness(this.runner, ['credit_records'], minPosition);
    const on = dateParam(date, 'date', businessDate(this.clock()));
    const row = oneOfKind(await this.rows.getRow('credit_records', `contractor:${uscc}`), 'contractor');
    if (!row || row.name === null) throw new ProblemException(404, 'NOT_FOUND', `no contractor ${uscc} is registered`);
    // The row was just parsed for this request: answer with it rather than copy it (the hottest read route).
    const record = row as unknown as Record<string, unknown>;
    record.debarredOn = { date: on, debarred: debarredOn(row, on) };
    delete record.kind;
    return record;
  }

  /** Dishonesty records in force on a date: published on or before it, not ended on or before it. */
  @ApiOperation({ summary: 'Dishonesty records in force on a date' })
  @Get('dishonesty')
  @Roles('credit-platform', 'auditor', 'purchaser')
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'the day the records are in force on, YYYY-MM-DD (default: today, UTC+8)',
    schema: { type: 'string', format: 'date' },
  })
  @ApiQuery({ name: 'minPosition', required: false })
  async dishonesty(
    @Query('asOf') asOf: unknown,
    @Query('minPosition') minPosition: unknown,
  ): Promise<{ asOf: string; items: DishonestyRecordRow[] }> {
    await awaitFreshness(this.runner, ['dishonesty_records'], minPosition);
    const on = dateParam(asOf, 'asOf', businessDate(this.clock()));
    const [open, later] = await Promise.all([
      this.rows.queryRows('dishonesty_records', { where: { published_at: { to: on }, ended_at: null } }),
      this.rows.queryRows('dishonesty_records', { where: { published_at: { to: on }, ended_at: { from: addDays(on, 1) } } }),
    ]);
    const items = [...open, ...later].sort((a, b) => a.position - b.position);
    return { asOf: on, items };
  }
}
