import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { disclosedContract, DisclosureProjectRow, shownOn } from '../../../projections/disclosure/disclosure.projection';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { Public } from '../../http/auth';
import { awaitFreshness } from '../../http/freshness';
import { ClientIdPipe } from '../../http/params';
import { ProblemException } from '../../http/problem';
import { businessDate, type Clock } from '../../shared/clock';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { ofKind } from '../../projection-runner/rows-of-kind';
import { isRegionCode } from '../../shared/domain/region';

const PAGE_SIZE = 20;

/**
 * The public disclosure views (API.md; 000 §四(二)(三)4(四)1(五)1). Everything here comes from the
 * disclosure read model, which copies only allow-listed fields and holds contracts back until
 * they are announced: no personal data, no private notes, no unannounced contract.
 */
@ApiTags('disclosure')
@Controller('v1/disclosure/projects')
@Public()
export class DisclosureController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({ summary: 'Disclosed projects (public view), a page at a time' })
  @Get()
  @ApiQuery({
    name: 'region',
    required: false,
    description: 'only projects of this 6-digit region code',
    schema: { type: 'string', pattern: '^[1-9][0-9]{5}$', example: '220100' },
  })
  @ApiQuery({
    name: 'fiscalYear',
    required: false,
    description: 'only projects of this fiscal year',
    schema: { type: 'integer', minimum: 1000, maximum: 9999 },
  })
  @ApiQuery({
    name: 'page',
    required: false,
    description: 'page number from 1, 20 projects a page',
    schema: { type: 'integer', minimum: 1, maximum: 999999, default: 1 },
  })
  @ApiQuery({ name: 'minPosition', required: false })
  async list(
    @Query('region') region: unknown,
    @Query('fiscalYear') fiscalYear: unknown,
    @Query('page') page: unknown,
    @Query('minPosition') minPosition: unknown,
  ): Promise<object> {
    const bad = (path: string, message: string): never => {
      throw new ProblemException(400, 'VALIDATION_FAILED', `${path}: ${message}`, [{ path: `query.${path}`, message }]);
    };
    if (region !== undefined && !isRegionCode(region)) bad('region', 'must be a 6-digit region code');
    if (fiscalYear !== undefined && (typeof fiscalYear !== 'string' || !/^\d{4}$/.test(fiscalYear))) bad('fiscalYear', 'must be a year');
    if (page !== undefined && (typeof page !== 'string' || !/^[1-9]\d{0,5}$/.test(page))) bad('page', 'must be a page number from 1');
    await awaitFreshness(this.runner, ['disclosure'], minPosition);
    const where = {
      kind: 'project',
      ...(region ? { region: region as string } : {}),
      ...(fiscalYear ? { fiscal_year: Number(fiscalYear) } : {}),
    };
    const n = Number(page ?? 1);
    const [rows, total] = await Promise.all([
      this.rows.queryRows('disclosure', { where, orderBy: { column: 'registered_on' }, limit: PAGE_SIZE, offset: (n - 1) * PAGE_SIZE }),
      this.rows.countRows('disclosure', { where }),
    ]);
    return { items: await Promise.all(ofKind(rows, 'project').map((r) => this.view(r))), page: n, pageSize: PAGE_SIZE, total };
  }

  @ApiOperation({ summary: 'The public view of a project' })
  @Get(':projectId')
  @ApiQuery({ name: 'minPosition', required: false })
  async get(@Param('projectId', ClientIdPipe) projectId: string, @Query('minPosition') minPosition: unknown): Promise<object> {
    await awaitFreshness(this.runner, ['disclosure'], minPosition);
    const row = await this.rows.getRow('disclosure', `project:${projectId}`);
    if (!row || row.kind !== 'project') throw new ProblemException(404, 'NOT_FOUND', `no project ${projectId} is disclosed`);
    return this.view(row);
  }

  private async view(row: DisclosureProjectRow): Promise<object> {
    const { kind: _k, contractIds, ...project } = row;
    const today = businessDate(this.clock());
    const contracts = (
      await Promise.all(contractIds.map(async (id) => disclosedContract(await this.rows.getRow('disclosure', `contract:${id}`))))
    )
      .filter((c): c is NonNullable<typeof c> => c !== null)
      .map((c) => {
        const { kind: _c, ...contract } = shownOn(c, today);
        return contract;
      });
    return { ...project, contracts };
  }
}
