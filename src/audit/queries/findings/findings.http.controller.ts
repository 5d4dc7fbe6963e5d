import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { ApiCsvForm, jsonOrCsv } from '../../../http/csv';
import { budgetStanding, readBudgetRows } from '../../../budgets/queries/budget-standing';
import { ProjectionRunner } from '../../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../../projection-runner/projection-store.port';
import { Roles } from '../../../http/auth';
import { businessDate, Clock } from '../../../shared/clock';
import { awaitFreshness } from '../../../http/freshness';
import { FiscalYearPipe, RegionCodePipe } from '../../../http/params';
import { officialCalendar } from '../../../shared/calendar/official-calendar';
import { CLOCK, PROJECTION_STORE } from '../../../shared/di-tokens';
import { oneOfKind } from '../../../projection-runner/rows-of-kind';
import { budgetFindings, contractFindings, financialReportFindings, Finding } from '../../domain/findings';
import { findingsCsv, FINDINGS_CSV } from './findings.csv';

/** GET /v1/audit/findings?region&fiscalYear — compliance findings for auditors; `Accept: text/csv` gives them as CSV. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/findings')
export class FindingsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({
    summary: 'Compliance findings of a region-year',
    description:
      'Contract findings for the contracts of the region-year; MISSING_FINANCIAL_REPORT for each contractor with a contract of the ' +
      "region-year active today and no audited financial report for last year (by today's date in UTC+8). `Accept: text/csv` gives the same " +
      'findings as CSV (findings.csv.ts: code, contractId, uscc, detail, positions).',
  })
  @Get()
  @Roles('auditor')
  @ApiCsvForm(FINDINGS_CSV)
  @ApiQuery({
    name: 'region',
    description: '6-digit region code (GB/T 2260)',
    schema: { type: 'string', pattern: '^[1-9][0-9]{5}$', example: '220100' },
  })
  @ApiQuery({ name: 'fiscalYear', description: 'fiscal year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } })
  @ApiQuery({ name: 'minPosition', required: false })
  async findings(
    @Query('region', RegionCodePipe) region: string,
    @Query('fiscalYear', FiscalYearPipe) year: number,
    @Query('minPosition') minPosition: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ region: string; fiscalYear: number; asOf: string; items: Finding[] } | string> {
    await awaitFreshness(this.runner, ['contracts', 'budgets', 'credit_records'], minPosition);
    const today = businessDate(this.clock());
    const contracts = await this.rows.queryRows('contracts', { where: { region, fiscal_year: year } });
    const { policy, row, base } = await readBudgetRows(this.rows, region, year, today);
    const { reserved, cap } = budgetStanding(policy, year, row, base);
    const reportYears = await this.reportYears(contracts.map((c) => c.contractorUscc));
    const items = [
      ...contracts.flatMap((c) => contractFindings(c, today, officialCalendar)),
      ...budgetFindings(region, year, reserved, cap),
      ...financialReportFindings(contracts, reportYears, today),
    ];
    return jsonOrCsv(req, res, { region, fiscalYear: year, asOf: today, items }, () => findingsCsv(items));
  }

  /** The years of each contractor's filed financial reports, from its credit record. */
  private async reportYears(usccs: readonly string[]): Promise<Map<string, number[]>> {
    const unique = [...new Set(usccs)];
    const rows = await Promise.all(unique.map((uscc) => this.rows.getRow('credit_records', `contractor:${uscc}`)));
    return new Map(unique.map((uscc, i) => [uscc, oneOfKind(rows[i], 'contractor')?.financialReports.map((r) => r.year) ?? []]));
  }
}
