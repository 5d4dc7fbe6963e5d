import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { projectKey } from '../../../../projections/project_index/project_index.projection';
import type { EventStore } from '../../../ledger/event-store.port';
import { auditorEntry, type AuditorEntry } from '../../../ledger/auditor-entry';
import { StreamIds } from '../../../../events/streams';
import { ProjectionRunner } from '../../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../../projection-runner/projection-store.port';
import { CurrentPrincipal, Roles } from '../../../http/auth';
import { awaitFreshness } from '../../../http/freshness';
import { ClientIdPipe } from '../../../http/params';
import { ProblemException } from '../../../http/problem';
import { EVENT_STORE, PROJECTION_STORE } from '../../../shared/di-tokens';
import { Principal, assertRegionScope } from '../../../shared/access';

/**
 * GET /v1/projects/:projectId/history — the audit trail: every entry of the project, its contracts
 * and its penalties, in ledger order, each with its position and leaf hash (and, for auditors and
 * the owning purchaser, its private part, or `privateErased: true`). The index names the streams; the entries
 * come from the ledger itself. Erasures (stream `erasures`) that name any of those entries are part of the trail.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects/:projectId/history')
export class ProjectHistoryController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @ApiOperation({ summary: 'The audit trail of a project: every entry of it, its contracts and penalties' })
  @Get()
  @Roles('purchaser', 'auditor')
  @ApiQuery({ name: 'minPosition', required: false })
  async history(
    @Param('projectId', ClientIdPipe) projectId: string,
    @Query('minPosition') minPosition: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ projectId: string; items: AuditorEntry[] }> {
    await awaitFreshness(this.runner, ['project_index'], minPosition);
    const index = await this.rows.getRow('project_index', projectKey(projectId));
    if (!index || index.kind !== 'project') throw new ProblemException(404, 'NOT_FOUND', `project ${projectId} is not registered`);
    assertRegionScope(principal, index.region);
    const streams = await Promise.all(index.streams.map((s) => this.store.readStream(s)));
    const entries = streams.flat();
    const positions = new Set(entries.map((e) => e.position));
    const erasures = (await this.store.readStream(StreamIds.erasures())).filter((e) =>
      (e.data.positions as number[]).some((p) => positions.has(p)),
    );
    return { projectId, items: [...entries, ...erasures].sort((a, b) => a.position - b.position).map(auditorEntry) };
  }
}
