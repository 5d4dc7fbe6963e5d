import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import {
  disclosedContract,
  disclosureProjection,
  disclosureStatus,
  DisclosureProjectRow,
  shownOn,
} from '../../../projections/disclosure/disclosure.projection';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { Public } from '../../http/auth';
import { awaitFreshness } from '../../http/freshness';
import { ClientIdPipe, OnlyDocumentedQuery } from '../../http/params';
import { ProblemException } from '../../http/problem';
import { businessDate, type Clock } from '../../shared/clock';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { ofKind } from '../../projection-runner/rows-of-kind';
import { ApiProjectListQuery } from './project-list.api';
import { projectListCsv } from './project-list.csv';
import { CSV_MAX_ROWS, parseProjectList, type ProjectList } from './project-list.query';
import { CSV_TYPE, wantsCsv } from '../../http/csv';

/**
 * The public disclosure views (API.md; 000 §四(二)(三)4(四)1(五)1). Everything here comes from the
 * disclosure read model, which copies only allow-listed fields and holds contracts back until
 * they are announced: no personal data, no private notes, no unannounced contract.
 */
@ApiTags('disclosure')
@Controller('v1/disclosure/projects')
@Public()
export class DisclosureController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The disclosed projects that match the query (project-list.query.ts), a page at a time with the number of
   * matches; `Accept: text/csv` gives the same list as CSV: the page asked for, or with neither page nor pageSize
   * every match (at most CSV_MAX_ROWS). One URL, two representations: caches key on Accept.
   */
  @ApiOperation({ summary: 'Disclosed projects (public view): searched, filtered and sorted, a page at a time, as JSON or CSV' })
  @Get()
  @ApiProjectListQuery()
  async list(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object | string> {
    const list = parseProjectList(query);
    await awaitFreshness(this.runner, ['disclosure'], query.minPosition);
    await this.refuseWhileRebuilding(list);
    const csv = wantsCsv(req);
    void res.header('Vary', 'Accept');
    const { where, orderBy, page, pageSize } = list;
    if (csv && !list.paged) {
      const total = await this.rows.countRows('disclosure', { where });
      if (total > CSV_MAX_ROWS) {
        const message = `matches ${total} projects, more than the ${CSV_MAX_ROWS} a CSV holds: narrow the filter, or ask for pages with page and pageSize`;
        throw new ProblemException(400, 'VALIDATION_FAILED', message, [{ path: 'query', message }]);
      }
      void res.type(CSV_TYPE);
      return projectListCsv(ofKind(await this.rows.queryRows('disclosure', { where, orderBy, limit: CSV_MAX_ROWS }), 'project'));
    }
    const [found, total] = await Promise.all([
      this.rows.queryRows('disclosure', { where, orderBy, limit: pageSize, offset: (page - 1) * pageSize }),
      this.rows.countRows('disclosure', { where }),
    ]);
    const rows = ofKind(found, 'project');
    if (csv) {
      void res.type(CSV_TYPE);
      return projectListCsv(rows);
    }
    const items = await Promise.all(rows.map((r) => this.view(r)));
    return { items, page, pageSize, total, pages: Math.ceil(total / pageSize) };
  }

  /** While a new definition is built, the served table is the previous one's, without the columns this version added. */
  private async refuseWhileRebuilding(list: ProjectList): Promise<void> {
    if (!list.needsNewColumns) return;
    const served = await this.rows.state('disclosure');
    if (served !== null && served.version >= disclosureProjection.version) return;
    throw new ProblemException(
      503,
      'SERVICE_UNAVAILABLE',
      'the disclosure read model is being rebuilt for a new definition: search, category, contractor, method, status and amount are back shortly; retry',
      undefined,
      { 'Retry-After': '5' },
    );
  }

  @ApiOperation({ summary: 'The public view of a project' })
  @Get(':projectId')
  @OnlyDocumentedQuery()
  @ApiQuery({ name: 'minPosition', required: false })
  async get(@Param('projectId', ClientIdPipe) projectId: string, @Query('minPosition') minPosition: unknown): Promise<object> {
    await awaitFreshness(this.runner, ['disclosure'], minPosition);
    const row = await this.rows.getRow('disclosure', `project:${projectId}`);
    if (!row || row.kind !== 'project') throw new ProblemException(404, 'NOT_FOUND', `no project ${projectId} is disclosed`);
    return this.view(row);
  }

  private async view(row: DisclosureProjectRow): Promise<object> {
    const { kind: _k, contractIds, ...project } = row;
    const today = businessDate(this.clock());
    const contracts = (
      await Promise.all(contractIds.map(async (id) => disclosedContract(await this.rows.getRow('disclosure', `contract:${id}`))))
    )
      .filter((c): c is NonNullable<typeof c> => c !== null)
      .map((c) => {
        const { kind: _c, ...contract } = shownOn(c, today);
        return contract;
      });
    return { ...project, status: disclosureStatus(row), contracts };
  }
}
