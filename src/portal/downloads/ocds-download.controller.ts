import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import type { AppConfig } from '../../config/config';
import { Public } from '../../http/auth';
import { ProblemException } from '../../http/problem';
import { APP_CONFIG } from '../../shared/di-tokens';
import { PublicApi } from '../public-api';
import { PAGE_HEADERS } from '../views/page';
import { mergeReleasePackages, type ReleasePackagePage } from './ocds-bulk';

/**
 * `/download/ocds-releases.json`: every public OCDS release in one release package, for those who take the whole
 * data set at once (the API's release feed gives at most 1000 a page). Read page by page from the public API, so it
 * holds exactly what the feed publishes: no unannounced contract, no private data.
 */
@ApiTags('portal')
@Controller('download')
@Public()
export class OcdsDownloadController {
  /** The pages asked for: the largest the releases route gives (its parseLimit maximum); tests page smaller. */
  static pageSize = 1000;

  constructor(
    private readonly api: PublicApi,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'The public portal: every OCDS 1.1 release in one release package (a file download)' })
  @Get('ocds-releases.json')
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'ocds-releases.json: an OCDS 1.1 release package of every public release, in the order they became public',
    content: { 'application/json': { schema: { type: 'object' } } },
  })
  async releases(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const pages: ReleasePackagePage[] = [];
    const size = OcdsDownloadController.pageSize;
    for (let url = `/v1/disclosure/ocds/releases?limit=${size}`; ;) {
      const answer = await this.api.raw(url, 'application/json');
      if (answer.status === 204) break;
      if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
      const page = JSON.parse(answer.body) as ReleasePackagePage;
      pages.push(page);
      const next = page.links?.next;
      if (next === undefined || page.releases.length < size) break;
      const { pathname, search } = new URL(next);
      url = `${pathname}${search}`;
    }
    if (pages.length === 0) throw new ProblemException(404, 'NOT_FOUND', 'no OCDS release is published yet');
    const base = (this.config.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`).replace(/\/+$/, '');
    void res
      .type('application/json; charset=utf-8')
      .headers(PAGE_HEADERS)
      .header('Content-Disposition', 'attachment; filename="ocds-releases.json"');
    return JSON.stringify(mergeReleasePackages(`${base}/download/ocds-releases.json`, pages));
  }
}
