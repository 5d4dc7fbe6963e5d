import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { ofKind } from '../../projection-runner/rows-of-kind';
import { Public } from '../../http/auth';
import { businessDate, type Clock } from '../../shared/clock';
import { awaitFreshness } from '../../http/freshness';
import { FiscalYearPipe, OnlyDocumentedQuery, RegionCodePipe } from '../../http/params';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { regionPrefix } from '../../shared/domain/region';
import { budgetStanding, readBudgetRows } from './budget-standing';
import { budgetFigures, childRegion, type DisclosedBudgetChildren } from './disclosed-budget';

/**
 * GET /v1/disclosure/budgets/:region/:fiscalYear/children — the regions directly below a province (its cities)
 * or a city (its counties) that have a budget that year: funds allocated to them or to a region below them, or
 * projects registered there (a project reserves its budget in its region-year). Each with its own public figures
 * (not summed over the regions below it), as GET /v1/disclosure/budgets/:region/:fiscalYear shows them; so a
 * reader, or the portal's budget pages, can walk from a province down to a county. A county has no children.
 */
@ApiTags('disclosure')
@Controller('v1/disclosure/budgets/:region/:fiscalYear/children')
@OnlyDocumentedQuery()
@Public()
export class DisclosedBudgetChildrenController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({ summary: 'The regions directly below a region that have a budget in the fiscal year, each with its public figures' })
  @Get()
  @ApiQuery({ name: 'minPosition', required: false })
  async get(
    @Param('region', RegionCodePipe) region: string,
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: number,
    @Query('minPosition') minPosition: unknown,
  ): Promise<DisclosedBudgetChildren> {
    await awaitFreshness(this.runner, ['budgets'], minPosition);
    const within = await this.rows.queryRows('budgets', {
      where: { kind: 'budget', fiscal_year: fiscalYear, region: { startsWith: regionPrefix(region) } },
    });
    const codes = new Set(ofKind(within, 'budget').map((r) => childRegion(region, r.region)));
    codes.delete(null);
    const today = businessDate(this.clock());
    const children = await Promise.all(
      [...codes].sort().map(async (child) => {
        const { policy, row, base } = await readBudgetRows(this.rows, child!, fiscalYear, today);
        return budgetFigures(child!, fiscalYear, budgetStanding(policy, fiscalYear, row, base));
      }),
    );
    return { region, fiscalYear, children };
  }
}
