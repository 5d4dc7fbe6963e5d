import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { budgetKey, BudgetRow } from '../../../projections/budgets/budgets.projection';
import { capOf, capPercent, fundBaseYear, policyFor } from '../../policy';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { CurrentPrincipal, Roles } from '../../http/auth';
import { businessDate, Clock } from '../../http/clock';
import { awaitFreshness } from '../../http/freshness';
import { ProblemException } from '../../http/problem';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { Principal, assertRegionScope } from '../../shared/access';

/**
 * GET /v1/budgets/:region/:fiscalYear — budget consumption of a region-year against its cap.
 * The cap is 2% of the fund base of the policy pack in force today: the same year's funds in
 * Jilin, the previous year's in Inner Mongolia (DOMAIN.md BUDGET_CAP_EXCEEDED).
 */
@ApiTags('budgets')
@ApiBearerAuth()
@Controller('v1/budgets/:region/:fiscalYear')
export class GetBudgetController {
  constructor(@Inject(PROJECTION_STORE) private readonly rows: ProjectionStore, private readonly runner: ProjectionRunner, @Inject(CLOCK) private readonly clock: Clock) {}

  @ApiOperation({ summary: 'Budget consumption of a region-year against its cap' })
  @Get()
  @Roles('purchaser', 'auditor')
  @ApiQuery({ name: 'minPosition', required: false })
  async get(@Param('region') region: string, @Param('fiscalYear') year: string, @Query('minPosition') minPosition: unknown,
    @CurrentPrincipal() principal: Principal): Promise<object> {
    if (!/^[1-9]\d{5}$/.test(region)) throw new ProblemException(400, 'VALIDATION_FAILED', 'region must be a 6-digit region code', [{ path: 'params.region', message: 'must be a 6-digit region code' }]);
    if (!/^(20\d\d|2100)$/.test(year)) throw new ProblemException(400, 'VALIDATION_FAILED', 'fiscalYear must be a year from 2000 to 2100', [{ path: 'params.fiscalYear', message: 'must be a year' }]);
    assertRegionScope(principal, region);
    await awaitFreshness(this.runner, ['budgets'], minPosition);
    const fiscalYear = Number(year);
    const policy = policyFor(region, businessDate(this.clock()));
    const baseYear = fundBaseYear(policy, fiscalYear);
    const [row, base] = (await Promise.all([this.rows.getRow('budgets', budgetKey(region, fiscalYear)), this.rows.getRow('budgets', budgetKey(region, baseYear))])) as (BudgetRow | null)[];
    const fundBase = base?.funds.total ?? 0;
    const cap = capOf(policy, fundBase);
    const reserved = row?.reserved ?? 0;
    return {
      region, fiscalYear, policyId: policy.id, capRule: `${capPercent(policy)} of the ${baseYear === fiscalYear ? 'same' : 'previous'} year's central and provincial funds`,
      fundBaseYear: baseYear, fundBase, cap, reserved, committed: row?.committed ?? 0, paid: row?.paid ?? 0, released: row?.released ?? 0,
      remaining: cap - reserved, funds: row?.funds ?? { central: 0, provincial: 0, total: 0, allocations: [] },
      byCategory: row?.byCategory ?? {}, byPurchaser: row?.byPurchaser ?? {},
    };
  }
}
