import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { budgetKey, BudgetRow } from '../../../../projections/budgets/budgets.projection';
import { capOf, fundBaseYear, policyFor } from '../../../policy';
import { ProjectionRunner } from '../../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../../projection-runner/projection-store.port';
import { Roles } from '../../../http/auth';
import { businessDate, Clock } from '../../../http/clock';
import { awaitFreshness } from '../../../http/freshness';
import { ProblemException } from '../../../http/problem';
import { CLOCK, PROJECTION_STORE } from '../../../shared/di-tokens';
import { budgetFindings, contractFindings, Finding } from '../../domain/findings';

/** GET /v1/audit/findings?region&fiscalYear — compliance findings for auditors. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/findings')
export class FindingsController {
  constructor(@Inject(PROJECTION_STORE) private readonly rows: ProjectionStore, private readonly runner: ProjectionRunner, @Inject(CLOCK) private readonly clock: Clock) {}

  @ApiOperation({ summary: 'Compliance findings of a region-year' })
  @Get()
  @Roles('auditor')
  @ApiQuery({ name: 'region', description: '6-digit region code (GB/T 2260)', schema: { type: 'string', pattern: '^[1-9][0-9]{5}$', example: '220100' } })
  @ApiQuery({ name: 'fiscalYear', description: 'fiscal year', schema: { type: 'integer', minimum: 1000, maximum: 9999 } })
  @ApiQuery({ name: 'minPosition', required: false })
  async findings(@Query('region') region: unknown, @Query('fiscalYear') fiscalYear: unknown, @Query('minPosition') minPosition: unknown): Promise<{ region: string; fiscalYear: number; asOf: string; items: Finding[] }> {
    if (typeof region !== 'string' || !/^[1-9]\d{5}$/.test(region)) throw new ProblemException(400, 'VALIDATION_FAILED', 'region must be a 6-digit region code', [{ path: 'query.region', message: 'required, 6 digits' }]);
    if (typeof fiscalYear !== 'string' || !/^\d{4}$/.test(fiscalYear)) throw new ProblemException(400, 'VALIDATION_FAILED', 'fiscalYear must be a year', [{ path: 'query.fiscalYear', message: 'required, a year' }]);
    await awaitFreshness(this.runner, ['contracts', 'budgets'], minPosition);
    const year = Number(fiscalYear);
    const today = businessDate(this.clock());
    const contracts = await this.rows.queryRows('contracts', { where: { region, fiscal_year: year } });
    const policy = policyFor(region, today);
    const [row, base] = (await Promise.all([this.rows.getRow('budgets', budgetKey(region, year)), this.rows.getRow('budgets', budgetKey(region, fundBaseYear(policy, year)))])) as (BudgetRow | null)[];
    const items = [
      ...contracts.flatMap((c) => contractFindings(c, today)),
      ...budgetFindings(region, year, row?.reserved ?? 0, capOf(policy, base?.funds.total ?? 0)),
    ];
    return { region, fiscalYear: year, asOf: today, items };
  }
}
