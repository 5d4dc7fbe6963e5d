import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCsvDownload, ApiPage } from '../views/api-page';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { Public } from '../../http/auth';
import { ApiProjectListQuery } from '../../disclosure/queries/project-list.api';
import { PublicApi } from '../public-api';
import type { Catalogue, ProjectPage } from '../views/disclosure-types';
import { PAGE_HEADERS, refuseUnlessBrowser, sendPage } from '../views/page';
import { ProjectListPage } from './project-list.page';
import { formQuery, queryStringOf } from '../views/query';

/**
 * `/`: the public portal's project list. Its query parameters are GET /v1/disclosure/projects' own, passed on
 * unchanged, so a search is a URL to bookmark and share, and what the API refuses (an unknown parameter,
 * a bad date) is refused here too with the same status and reasons.
 */
@ApiTags('portal')
@Controller()
@Public()
export class ProjectListPageController {
  constructor(private readonly api: PublicApi) {}

  @ApiOperation({ summary: 'The public portal: disclosed projects, searched and filtered (HTML, zh-CN)' })
  @Get()
  @ApiProjectListQuery()
  @ApiPage('the list page; a refused query is the same page with the reasons, and the status the API gave')
  async list(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const [catalogue, result] = await Promise.all([
      this.api.read<Catalogue>('/v1/catalogue'),
      this.api.read<ProjectPage>(`/v1/disclosure/projects${queryStringOf(req)}`),
    ]);
    if (!catalogue.ok) throw new Error(`GET /v1/catalogue answered ${catalogue.status}`);
    if (!result.ok) refuseUnlessBrowser(req, res, result);
    const page = <ProjectListPage query={formQuery(req)} catalogue={catalogue.value} result={result} />;
    return sendPage(res, page, result.ok ? 200 : result.status);
  }

  /** The list as filtered, as CSV (UTF-8 with BOM): GET /v1/disclosure/projects with `Accept: text/csv`, as a file. */
  @ApiOperation({ summary: 'The public portal: the project list as filtered, downloaded as CSV' })
  @Get('download/projects.csv')
  @ApiProjectListQuery()
  @ApiCsvDownload('projects.csv, UTF-8 with a BOM')
  async csv(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const answer = await this.api.raw(`/v1/disclosure/projects${queryStringOf(req)}`, 'text/csv');
    void res.code(answer.status).type(answer.contentType).headers(PAGE_HEADERS);
    if (answer.retryAfter !== undefined) void res.header('Retry-After', answer.retryAfter);
    if (answer.status === 200) void res.header('Content-Disposition', 'attachment; filename="projects.csv"');
    return answer.body;
  }
}
