import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CONTRACTOR_KINDS } from '../../../../events/common';
import { contractorListKey, foldName, type ContractorListRow } from '../../../../projections/contractors/contractors.projection';
import { debarredOn } from '../../../../projections/credit_records/credit_records.projection';
import { ProjectionRunner } from '../../../projection-runner/projection-runner';
import type { ProjectionStore, RowQuery } from '../../../projection-runner/projection-store.port';
import { ofKind } from '../../../projection-runner/rows-of-kind';
import { Roles } from '../../../http/auth';
import { businessDate, Clock } from '../../../shared/clock';
import { ApiKeysetPage, decodeCursor, encodeCursor, parseLimit } from '../../../http/cursor';
import { awaitFreshness } from '../../../http/freshness';
import { ProblemException } from '../../../http/problem';
import { CLOCK, PROJECTION_STORE } from '../../../shared/di-tokens';
import { isRegionCode, regionPrefix } from '../../../shared/domain/region';
import { ApiCsvForm, jsonOrCsv } from '../../../http/csv';
import { CONTRACTOR_CSV, contractorListCsv, type ContractorListItem } from './contractor-list.csv';

export type { ContractorListItem };

const Q_MAX = 100;
/** A q that could be the start of a unified social credit code (its character set, any case). */
const USCC_PREFIX = /^[0-9A-HJ-NPQRTUWXY]{1,18}$/;

function bad(name: string, message: string): never {
  throw new ProblemException(400, 'VALIDATION_FAILED', `${name} ${message}`, [{ path: `query.${name}`, message }]);
}

/**
 * GET /v1/contractors (API.md "Queries"): registered contractors, for a purchaser to find one and see
 * whether it is debarred today before it awards. Pages in registration order: `after` is the position of
 * the last ContractorRegistered seen, so a page never skips or repeats one, even while others register.
 */
@ApiTags('contractors')
@ApiBearerAuth()
@Controller('v1/contractors')
@Roles('purchaser', 'auditor')
export class ListContractorsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({ summary: 'Registered contractors, searched by name or USCC, each with whether it is debarred today; as JSON or CSV' })
  @Get()
  @ApiCsvForm(CONTRACTOR_CSV)
  @ApiQuery({
    name: 'q',
    required: false,
    allowEmptyValue: true,
    description:
      'name contains it (Latin letters in any case, full-width as half-width), or the uscc starts with it (a whole uscc: that contractor); empty: every contractor',
    schema: { type: 'string', maxLength: Q_MAX, example: '阳光' },
  })
  @ApiQuery({
    name: 'region',
    required: false,
    description:
      'contractors registered in this region: a province code (220000) takes its cities and counties (22xxxx), a city code (220100) its counties (2201xx)',
    schema: { type: 'string', pattern: '^[1-9][0-9]{5}$', example: '220000' },
  })
  @ApiQuery({
    name: 'kind',
    required: false,
    description: 'only contractors of this kind',
    schema: { type: 'string', enum: [...CONTRACTOR_KINDS] },
  })
  @ApiKeysetPage('nextCursor of the previous page (or a ledger position: contractors registered after it)')
  @ApiQuery({ name: 'minPosition', required: false })
  async list(
    @Query('q') q: unknown,
    @Query('region') region: unknown,
    @Query('kind') kind: unknown,
    @Query('after') after: unknown,
    @Query('limit') limit: unknown,
    @Query('minPosition') minPosition: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ items: ContractorListItem[]; nextCursor: string } | string> {
    if (q !== undefined && typeof q !== 'string') bad('q', 'must be given once');
    const needle = (q ?? '').trim();
    if (needle.length > Q_MAX) bad('q', `must be at most ${Q_MAX} characters`);
    // No name holds one, and PostgreSQL refuses NUL in text: a 400, not a 500.
    if (/\p{Cc}/u.test(needle)) bad('q', 'must not contain control characters');
    if (region !== undefined && !isRegionCode(region)) bad('region', 'must be a 6-digit region code');
    if (kind !== undefined && !(CONTRACTOR_KINDS as readonly unknown[]).includes(kind))
      bad('kind', `must be one of ${CONTRACTOR_KINDS.join(', ')}`);
    const from = decodeCursor(after);
    const n = parseLimit(limit, 100, 1000);
    await awaitFreshness(this.runner, ['contractors'], minPosition);
    const today = businessDate(this.clock());

    const prefix = region === undefined ? null : regionPrefix(region);
    const where: RowQuery['where'] = {
      kind: 'contractor',
      ...(prefix !== null ? { region: { from: prefix.padEnd(6, '0'), to: prefix.padEnd(6, '9') } } : {}),
      ...(kind !== undefined ? { contractor_kind: kind as string } : {}),
    };
    const page = (match: RowQuery['where']): Promise<ContractorListRow[]> =>
      this.rows
        .queryRows('contractors', { keyPrefix: 'contractor:', afterKey: contractorListKey(from), where: { ...where, ...match }, limit: n })
        .then((rows) => ofKind(rows, 'contractor'));
    // Name or code: each query gives its first n after the cursor, so their union's first n are the page's.
    const pages = await Promise.all([
      page(needle === '' ? {} : { name_folded: { contains: foldName(needle) } }),
      ...(USCC_PREFIX.test(needle.toUpperCase()) ? [page({ uscc: { startsWith: needle.toUpperCase() } })] : []),
    ]);
    const byPosition = new Map(pages.flat().map((r) => [r.position, r]));
    const rows = [...byPosition.values()].sort((a, b) => a.position - b.position).slice(0, n);
    const items = rows.map((r): ContractorListItem => ({
      uscc: r.uscc,
      name: r.name,
      kind: r.contractorKind,
      region: r.region,
      position: r.position,
      recordedAt: r.recordedAt,
      debarredOn: { date: today, debarred: debarredOn(r, today) },
      financialReports: r.financialReports,
    }));
    const nextCursor = encodeCursor(items.length > 0 ? items[items.length - 1].position : from);
    return jsonOrCsv(req, res, { items, nextCursor }, () => contractorListCsv(items), nextCursor);
  }
}
