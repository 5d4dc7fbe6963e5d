import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { budgetStanding, readBudgetRows } from './budget-standing';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { CurrentPrincipal, Roles } from '../../http/auth';
import { businessDate, Clock } from '../../shared/clock';
import { awaitFreshness } from '../../http/freshness';
import { FiscalYearPipe, RegionCodePipe } from '../../http/params';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { Principal, assertRegionScope } from '../../shared/access';

/**
 * GET /v1/budgets/:region/:fiscalYear — budget consumption of a region-year against its cap.
 * The cap is 2% of the fund base of the pack the region-year's reservations were judged by (never
 * today's pack: a rule change does not rewrite the past): the same year's funds in Jilin, the
 * previous year's in Inner Mongolia (DOMAIN.md BUDGET_CAP_EXCEEDED).
 */
@ApiTags('budgets')
@ApiBearerAuth()
@Controller('v1/budgets/:region/:fiscalYear')
export class GetBudgetController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({ summary: 'Budget consumption of a region-year against its cap' })
  @Get()
  @Roles('purchaser', 'auditor')
  @ApiQuery({ name: 'minPosition', required: false })
  async get(
    @Param('region', RegionCodePipe) region: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Query('minPosition') minPosition: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<object> {
    assertRegionScope(principal, region);
    await awaitFreshness(this.runner, ['budgets'], minPosition);
    const { policy, row, base } = await readBudgetRows(this.rows, region, fiscalYear, businessDate(this.clock()));
    return {
      region,
      fiscalYear,
      ...budgetStanding(policy, fiscalYear, row, base),
      funds: row?.funds ?? { central: 0, provincial: 0, total: 0, allocations: [] },
      byCategory: row?.byCategory ?? {},
      byPurchaser: row?.byPurchaser ?? {},
    };
  }
}
