import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { Public } from '../../http/auth';
import { businessDate, type Clock } from '../../shared/clock';
import { awaitFreshness } from '../../http/freshness';
import { FiscalYearPipe, RegionCodePipe, OnlyDocumentedQuery } from '../../http/params';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { budgetStanding, readBudgetRows } from './budget-standing';
import { budgetFigures, type DisclosedBudget } from './disclosed-budget';

/**
 * GET /v1/disclosure/budgets/:region/:fiscalYear — public budget information (002 §三(五): 公开购买服务的
 * 预算安排): the fund base, the cap and what is reserved, committed and paid, by category. Figures only: no
 * purchaser names, fund references or allocation entries, which the purchasers' and auditors' route shows.
 */
@ApiTags('disclosure')
@Controller('v1/disclosure/budgets/:region/:fiscalYear')
@OnlyDocumentedQuery()
@Public()
export class DisclosedBudgetController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({ summary: 'Public budget figures of a region-year: fund base, cap, reserved, committed, paid, by category' })
  @Get()
  @ApiQuery({ name: 'minPosition', required: false })
  async get(
    @Param('region', RegionCodePipe) region: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Query('minPosition') minPosition: unknown,
  ): Promise<DisclosedBudget> {
    await awaitFreshness(this.runner, ['budgets'], minPosition);
    const { policy, row, base } = await readBudgetRows(this.rows, region, fiscalYear, businessDate(this.clock()));
    return { ...budgetFigures(region, fiscalYear, budgetStanding(policy, fiscalYear, row, base)), byCategory: row?.byCategory ?? {} };
  }
}
