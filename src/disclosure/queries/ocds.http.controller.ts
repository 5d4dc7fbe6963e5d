import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { releaseKey } from '../../../projections/ocds_releases/ocds_releases.projection';
import type { AppConfig } from '../../config/config';
import { Public } from '../../http/auth';
import { ApiKeysetPage, decodePairCursor, encodePairCursor, parseLimit } from '../../http/cursor';
import { awaitFreshness } from '../../http/freshness';
import { ProblemException } from '../../http/problem';
import { APP_CONFIG, PROJECTION_STORE } from '../../shared/di-tokens';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { newestDate, OcdsSettings, ocdsSettings, projectIdOf, recordPackage, releasePackage, toRelease } from '../ocds/ocds';
import { ofKind } from '../../projection-runner/rows-of-kind';
import { ApiCsvForm, jsonOrCsv } from '../../http/csv';
import { RELEASES_CSV, releasesCsv } from './ocds-releases.csv';
import { OnlyDocumentedQuery } from '../../http/params';

const OCID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,160}$/;

/**
 * OCDS 1.1 for disclosure portals (API.md `GET /v1/disclosure/ocds/…`): a record package per
 * project, and every release as a change feed. Public data only: the `ocds_releases` read model
 * copies allow-listed fields and holds a contract's releases back until it is announced.
 */
@ApiTags('disclosure')
@Controller('v1/disclosure/ocds')
@OnlyDocumentedQuery()
@Public()
export class OcdsController {
  private readonly settings: OcdsSettings;
  private readonly publicUrl: string | undefined;

  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.settings = ocdsSettings(config);
    this.publicUrl = config.publicUrl;
  }

  @ApiOperation({ summary: 'OCDS 1.1 record package of a contracting process' })
  @Get('records/:ocid')
  @ApiQuery({ name: 'minPosition', required: false })
  async record(@Param('ocid') ocid: string, @Query('minPosition') minPosition: unknown, @Req() req: Request): Promise<object> {
    if (!OCID.test(ocid))
      throw new ProblemException(400, 'VALIDATION_FAILED', 'ocid is not an OCDS identifier', [
        { path: 'params.ocid', message: 'must be an ocid' },
      ]);
    await awaitFreshness(this.runner, ['ocds_releases'], minPosition);
    const projectId = projectIdOf(this.settings, ocid);
    const rows =
      projectId === null
        ? []
        : ofKind(await this.rows.queryRows('ocds_releases', { where: { kind: 'release', project_id: projectId } }), 'release');
    if (rows.length === 0) throw new ProblemException(404, 'NOT_FOUND', `no contracting process ${ocid} is published here`);
    return recordPackage(this.settings, { uri: this.absolute(req, req.url), publishedDate: newestDate(rows) }, rows);
  }

  /**
   * Releases in the order they became public, after the cursor; 204 when there is nothing newer yet. `Accept: text/csv`
   * gives an index of the page (ocds-releases.csv.ts), its next cursor in X-Next-Cursor.
   */
  @ApiOperation({ summary: 'OCDS 1.1 releases in the order they became public (as CSV: an index of the page)' })
  @Get('releases')
  @ApiCsvForm(RELEASES_CSV)
  @ApiKeysetPage('cursor from links.next')
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiResponse({ status: 200, description: 'an OCDS 1.1 release package' })
  @ApiResponse({ status: 204, description: 'no release after the cursor yet; ask again after Retry-After seconds' })
  async releases(
    @Query('after') after: unknown,
    @Query('limit') limit: unknown,
    @Query('minPosition') minPosition: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object | string | undefined> {
    const cursor = decodePairCursor(after);
    const n = parseLimit(limit, 100, 1000);
    await awaitFreshness(this.runner, ['ocds_releases'], minPosition);
    const rows = ofKind(
      await this.rows.queryRows('ocds_releases', {
        keyPrefix: 'release:',
        ...(cursor ? { afterKey: releaseKey(cursor[0], cursor[1]) } : {}),
        limit: n,
      }),
      'release',
    );
    if (rows.length === 0) {
      // A release package holds at least one release (schema: minItems 1): nothing newer is no package.
      res.status(204).header('Retry-After', '5');
      return undefined;
    }
    const last = rows[rows.length - 1];
    const nextCursor = encodePairCursor(last.publishedAt, last.position);
    const next = this.absolute(req, `/v1/disclosure/ocds/releases?after=${nextCursor}&limit=${n}`);
    const releases = rows.map((r) => toRelease(this.settings, r));
    const pkg = releasePackage(this.settings, { uri: this.absolute(req, req.url), publishedDate: newestDate(rows) }, releases, { next });
    return jsonOrCsv(req, res, pkg, () => releasesCsv(releases), nextCursor);
  }

  /** Package URIs and links.next: LEDGER_PUBLIC_URL behind a proxy, else the address the client used. */
  private absolute(req: Request, path: string): string {
    return `${this.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`}${path}`;
  }
}
