import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import type { DisclosedContractor } from '../../disclosure/queries/contractor-view';
import { Public } from '../../http/auth';
import { PublicApi } from '../public-api';
import { badRequest, sendPage, sendRefusal } from '../views/page';
import { queryStringOf, refusedQuery } from '../views/query';
import { ApiItemPage, ITEM_PAGE_PARAMETERS } from '../views/page-query';
import { ProblemPage } from '../views/problem-page';
import { ContractorPage } from './contractor.page';

/** `/contractors/:uscc`: a contractor, from GET /v1/disclosure/contractors/:uscc as the public API answers it. */
@ApiTags('portal')
@Controller('contractors')
@Public()
export class ContractorPageController {
  constructor(private readonly api: PublicApi) {}

  @ApiOperation({ summary: 'The public portal: a contractor, its projects, evaluations, penalties and dishonesty records (HTML, zh-CN)' })
  @Get(':uscc')
  @ApiItemPage('the contractor page: each fact with its ledger position')
  async contractor(@Param('uscc') uscc: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const refused = refusedQuery(req, ITEM_PAGE_PARAMETERS);
    if (refused) return sendRefusal(req, res, badRequest(refused), <ProblemPage status={400} problem={refused} what="承接主体" />);
    const result = await this.api.read<DisclosedContractor>(`/v1/disclosure/contractors/${encodeURIComponent(uscc)}${queryStringOf(req)}`);
    if (!result.ok) return sendRefusal(req, res, result, <ProblemPage status={result.status} problem={result.problem} what="承接主体" />);
    return sendPage(res, <ContractorPage contractor={result.value} />);
  }
}
