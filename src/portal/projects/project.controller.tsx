import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import type { AppConfig } from '../../config/config';
import { ocdsSettings, ocidOf, type OcdsSettings } from '../../disclosure/ocds/ocds';
import { Public } from '../../http/auth';
import { APP_CONFIG } from '../../shared/di-tokens';
import { PublicApi } from '../public-api';
import type { Catalogue, DisclosedProject } from '../views/disclosure-types';
import { badRequest, sendPage, sendRefusal } from '../views/page';
import { queryStringOf, refusedQuery } from '../views/query';
import { ApiItemPage, ITEM_PAGE_PARAMETERS } from '../views/page-query';
import { ProblemPage } from '../views/problem-page';
import { ProjectPage } from './project.page';

/** `/projects/:projectId`: one disclosed project, from GET /v1/disclosure/projects/:projectId as the public API answers it. */
@ApiTags('portal')
@Controller('projects')
@Public()
export class ProjectPageController {
  private readonly ocds: OcdsSettings;

  constructor(
    private readonly api: PublicApi,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ocds = ocdsSettings(config);
  }

  @ApiOperation({ summary: 'The public portal: a project and the timeline of its public facts (HTML, zh-CN)' })
  @Get(':projectId')
  @ApiItemPage('the project page: its facts in date order, each with its ledger position, and a link to its OCDS record')
  async project(@Param('projectId') projectId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const refused = refusedQuery(req, ITEM_PAGE_PARAMETERS);
    if (refused) return sendRefusal(req, res, badRequest(refused), <ProblemPage status={400} problem={refused} what="项目" />);
    const [catalogue, result] = await Promise.all([
      this.api.read<Catalogue>('/v1/catalogue'),
      this.api.read<DisclosedProject>(`/v1/disclosure/projects/${encodeURIComponent(projectId)}${queryStringOf(req)}`),
    ]);
    if (!result.ok) return sendRefusal(req, res, result, <ProblemPage status={result.status} problem={result.problem} what="项目" />);
    if (!catalogue.ok) throw new Error(`GET /v1/catalogue answered ${catalogue.status}`);
    const ocdsRecord = `/v1/disclosure/ocds/records/${encodeURIComponent(ocidOf(this.ocds, result.value.projectId))}`;
    return sendPage(res, <ProjectPage project={result.value} catalogue={catalogue.value} ocdsRecord={ocdsRecord} />);
  }
}
