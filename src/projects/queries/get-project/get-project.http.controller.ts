import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StreamIds } from '../../../../events/streams';
import type { EventStore, LedgerEntry } from '../../../ledger/event-store.port';
import { foldStream } from '../../../ledger/fold';
import { CurrentPrincipal, Roles } from '../../../http/auth';
import { ClientIdPipe } from '../../../http/params';
import { ProblemException } from '../../../http/problem';
import { EVENT_STORE } from '../../../shared/di-tokens';
import { describeView, inView, parseTimeView, TIME_VIEW_QUERIES } from '../../../http/time-view';
import { projectDecider, ProjectState } from '../../domain/projects.decider';
import { contractDecider, ContractState } from '../../../contracts/domain/contracts.decider';
import { Principal, assertRegionScope } from '../../../shared/access';

export interface ProjectView {
  readonly projectId: string;
  /** The view asked for (absent for the current state): `asOf` a business date, or `recordedBefore` an instant. */
  readonly asOf?: string;
  readonly recordedBefore?: string;
  /** Last ledger position folded into this state. */
  readonly position: number;
  readonly project: ProjectState;
  readonly contracts: readonly { readonly contractId: string; readonly state: ContractState }[];
}

/**
 * GET /v1/projects/:projectId[?asOf=date|?recordedBefore=instant]: the project and its contracts folded from
 * the ledger itself — now, as true on a business date by the facts' own dates, or as recorded before an
 * instant (src/http/time-view.ts).
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects/:projectId')
export class GetProjectController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @ApiOperation({ summary: 'A project and its contracts: now, as of a business date, or as recorded before an instant' })
  @Get()
  @Roles('purchaser', 'auditor')
  @ApiQuery(TIME_VIEW_QUERIES[0])
  @ApiQuery(TIME_VIEW_QUERIES[1])
  async get(
    @Param('projectId', ClientIdPipe) projectId: string,
    @Query('asOf') asOf: unknown,
    @Query('recordedBefore') recordedBefore: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProjectView> {
    const view = parseTimeView(asOf, recordedBefore);
    const upTo = (entries: LedgerEntry[]): LedgerEntry[] => (view === null ? entries : entries.filter((e) => inView(e, view)));
    const projectEntries = upTo(await this.store.readStream(StreamIds.project(projectId)));
    const project = foldStream(projectEntries, projectDecider.evolve, projectDecider.initialState());
    if (project.status === 'none') {
      const when = view === null ? '' : ` ${Object.entries(describeView(view))[0].join(' ')}`;
      throw new ProblemException(
        404,
        'NOT_FOUND',
        `project ${projectId} ${view === null ? 'is not registered' : `was not registered${when}`}`,
      );
    }
    assertRegionScope(principal, project.project.region);
    const contractIds = projectEntries
      .filter((e) => e.type === 'ProjectContracted')
      .map((e) => e.data.contractId)
      .filter((id): id is string => typeof id === 'string');
    let position = projectEntries[projectEntries.length - 1].position;
    const contracts = await Promise.all(
      contractIds.map(async (contractId) => {
        const entries = upTo(await this.store.readStream(StreamIds.contract(contractId)));
        if (entries.length > 0) position = Math.max(position, entries[entries.length - 1].position);
        return { contractId, state: foldStream(entries, contractDecider.evolve, contractDecider.initialState()) };
      }),
    );
    return { projectId, ...(view === null ? {} : describeView(view)), position, project, contracts };
  }
}
