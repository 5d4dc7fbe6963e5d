import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import type { DisclosedBudget, DisclosedBudgetChildren } from '../../budgets/queries/disclosed-budget';
import { Public } from '../../http/auth';
import { FISCAL_YEARS, isRegionCode } from '../../shared/domain/region';
import { formQuery, refused, unknownQuery, type Reason } from '../views/query';
import { PublicApi } from '../public-api';
import { ApiPage } from '../views/api-page';
import type { Catalogue, ProjectPage } from '../views/disclosure-types';
import { badRequest, PAGE_HEADERS, sendPage, sendRefusal } from '../views/page';
import { BudgetIndexPage, regionYears } from './budget-index.page';
import { BudgetPage } from './budget.page';
import { budgetHref } from './regions';

const INDEX_PARAMETERS = ['region', 'fiscalYear'];
/** The links of /budgets are drawn from the latest projects, one page of the list (its largest). */
const SAMPLE = 100;

/** The form's choice, checked: the region and year of a budget page, or why not. */
function checkChoice(req: Request, query: Record<string, string>): { region: string; fiscalYear: string } | Reason[] {
  const reasons = unknownQuery(req, INDEX_PARAMETERS);
  for (const [k, v] of Object.entries(req.query as Record<string, unknown>))
    if (Array.isArray(v)) reasons.push({ path: `query.${k}`, message: '只能给出一次' });
  const region = query.region?.trim() ?? '';
  const fiscalYear = query.fiscalYear?.trim() ?? '';
  // Only unknown parameters: say so, not that the region and the year are missing too.
  if (reasons.length > 0 && query.region === undefined && query.fiscalYear === undefined) return reasons;
  if (!isRegionCode(region)) reasons.push({ path: 'query.region', message: '应为 6 位行政区划代码（GB/T 2260），如 220000' });
  const year = /^\d{4}$/.test(fiscalYear) ? Number(fiscalYear) : NaN;
  if (!(year >= FISCAL_YEARS.min && year <= FISCAL_YEARS.max))
    reasons.push({ path: 'query.fiscalYear', message: `应为 ${FISCAL_YEARS.min} 至 ${FISCAL_YEARS.max} 之间的年份` });
  return reasons.length > 0 ? reasons : { region, fiscalYear };
}

/**
 * `/budgets` and `/budgets/:region/:fiscalYear`: the public budget pages, from GET /v1/disclosure/budgets/:region/:fiscalYear
 * and its `/children`. The form is a plain GET form (it works without JavaScript); its answer is a redirect to the
 * region-year's own address, which is the one to bookmark.
 */
@ApiTags('portal')
@Controller('budgets')
@Public()
export class BudgetPagesController {
  constructor(private readonly api: PublicApi) {}

  @ApiOperation({ summary: 'The public portal: budgets, pick a region and a fiscal year (HTML, zh-CN)' })
  @Get()
  @ApiQuery({
    name: 'region',
    required: false,
    schema: { type: 'string', pattern: '^[1-9][0-9]{5}$', example: '220000' },
    description: '6-digit region code (GB/T 2260); with fiscalYear, the answer is a redirect (303) to its budget page',
  })
  @ApiQuery({
    name: 'fiscalYear',
    required: false,
    schema: { type: 'integer', minimum: FISCAL_YEARS.min, maximum: FISCAL_YEARS.max, example: 2024 },
    description: 'fiscal year; with region, the answer is a redirect (303) to its budget page',
  })
  @ApiPage('the form and links to the region-years of the latest disclosed projects; a refused choice is the page with the reasons, 400')
  @ApiResponse({
    status: 303,
    description: 'a valid region and fiscalYear: see the budget page of that region-year',
    headers: { Location: { description: '/budgets/<region>/<fiscalYear>', schema: { type: 'string' } } },
  })
  async index(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const query = formQuery(req);
    const chosen = Object.keys(query).length > 0 ? checkChoice(req, query) : null;
    if (chosen !== null && !Array.isArray(chosen)) {
      void res
        .code(303)
        .header('Location', budgetHref(chosen.region, Number(chosen.fiscalYear)))
        .headers(PAGE_HEADERS);
      return '';
    }
    const latest = await this.api.read<ProjectPage>(`/v1/disclosure/projects?sort=-date&pageSize=${SAMPLE}`);
    if (!latest.ok) throw new Error(`GET /v1/disclosure/projects answered ${latest.status}`);
    const page = (
      <BudgetIndexPage
        query={query}
        years={regionYears(latest.value.items.map((p) => p.project))}
        sample={latest.value.items.length}
        problem={chosen === null ? undefined : refused(chosen)}
      />
    );
    return chosen === null ? sendPage(res, page) : sendRefusal(req, res, badRequest(refused(chosen)), page);
  }

  @ApiOperation({
    summary: "The public portal: a region-year's budget, its figures as a table and a chart, and its child regions (HTML, zh-CN)",
  })
  @Get(':region/:fiscalYear')
  @ApiPage('the budget page; a malformed region or year is the page with the reasons and the status the API gave (400)')
  async budget(
    @Param('region') region: string,
    @Param('fiscalYear') fiscalYear: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const unknown = unknownQuery(req, []);
    if (unknown.length > 0) {
      const refusal = badRequest(refused(unknown));
      return sendRefusal(req, res, refusal, <BudgetPage region={region} fiscalYear={fiscalYear} result={refusal} />);
    }
    // Encoded, so that a path parameter cannot walk to another route of the API ("..%2F").
    const path = `/v1/disclosure/budgets/${encodeURIComponent(region)}/${encodeURIComponent(fiscalYear)}`;
    const [budget, children, catalogue] = await Promise.all([
      this.api.read<DisclosedBudget>(path),
      this.api.read<DisclosedBudgetChildren>(`${path}/children`),
      this.api.read<Catalogue>('/v1/catalogue'),
    ]);
    if (!budget.ok) return sendRefusal(req, res, budget, <BudgetPage region={region} fiscalYear={fiscalYear} result={budget} />);
    if (!children.ok) throw new Error(`GET ${path}/children answered ${children.status}`);
    if (!catalogue.ok) throw new Error(`GET /v1/catalogue answered ${catalogue.status}`);
    const result = { ok: true as const, budget: budget.value, children: children.value, catalogue: catalogue.value };
    return sendPage(res, <BudgetPage region={region} fiscalYear={fiscalYear} result={result} />);
  }
}
