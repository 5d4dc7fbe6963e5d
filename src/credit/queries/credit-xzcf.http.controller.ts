import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CSV_TYPE, spreadsheetCsv, wantsCsv } from '../../http/csv';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { XZCF_ITEMS, xzcfKey, type XzcfRecord } from '../../../projections/credit_xzcf/credit_xzcf.projection';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { ofKind } from '../../projection-runner/rows-of-kind';
import { Roles } from '../../http/auth';
import { ApiKeysetPage, decodeCursor, decodePairCursor, encodePairCursor, parseLimit } from '../../http/cursor';
import { awaitFreshness } from '../../http/freshness';
import { PROJECTION_STORE } from '../../shared/di-tokens';

/** The largest index a key holds (12 digits): "after position p" is after (p, this). */
const LAST_INDEX = 999_999_999_999;

/** After (position, index): a cursor this route gave, or a ledger position (after every change up to it). */
function decodeAfter(value: unknown): readonly [number, number] {
  if (typeof value === 'string' && Buffer.from(value, 'base64url').toString('utf8').startsWith('r:')) return decodePairCursor(value)!;
  return [decodeCursor(value), LAST_INDEX];
}

/**
 * The 双公示 cells as CSV for spreadsheet software (src/http/csv.ts: BOM, CRLF, no formula runs). JSON is the
 * lossless form; docs/credit-exchange.md says so.
 */
export function xzcfCsv(records: readonly XzcfRecord[]): string {
  return spreadsheetCsv(
    XZCF_ITEMS,
    records.map((r) => XZCF_ITEMS.map((item) => r[item])),
  );
}

/**
 * GET /v1/credit/penalties/xzcf: administrative penalties in the 双公示 exchange layout, one object per
 * penalty with the standard item codes as keys, in the order they last changed (keyset pages like the
 * feed). A revocation, a publication end or a credit repair moves the penalty to the end as a
 * withdrawal notice (BZ says why). `Accept: text/csv` gives the same page as CSV; its next cursor is
 * in `X-Next-Cursor`.
 */
@ApiTags('credit')
@ApiBearerAuth()
@Controller('v1/credit/penalties/xzcf')
@Roles('credit-platform', 'auditor')
export class CreditXzcfController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @ApiOperation({ summary: 'Administrative penalties in the 双公示 exchange layout (CF_* items), as JSON pages or CSV' })
  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiKeysetPage('nextCursor of the previous page (or a ledger position: after every change up to it)')
  @ApiQuery({ name: 'minPosition', required: false })
  async list(
    @Query('after') after: unknown,
    @Query('limit') limit: unknown,
    @Query('minPosition') minPosition: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const from = decodeAfter(after);
    const n = parseLimit(limit, 100, 1000);
    await awaitFreshness(this.runner, ['credit_xzcf'], minPosition);
    const rows = ofKind(
      await this.rows.queryRows('credit_xzcf', { keyPrefix: 'xzcf:', afterKey: xzcfKey(from[0], from[1]), limit: n }),
      'xzcf',
    );
    const last = rows.at(-1);
    const nextCursor = last ? encodePairCursor(last.position, last.index) : encodePairCursor(from[0], from[1]);
    const items = rows.map((r) => r.record);
    // One URL, two representations: caches must key on Accept.
    void res.header('Vary', 'Accept').header('X-Next-Cursor', nextCursor);
    if (wantsCsv(req)) {
      await res.type(CSV_TYPE).send(xzcfCsv(items));
      return;
    }
    await res.send({ items, nextCursor });
  }
}
