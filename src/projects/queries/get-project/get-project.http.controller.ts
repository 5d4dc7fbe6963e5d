import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StreamIds } from '../../../../events/streams';
import type { EventStore, LedgerEntry } from '../../../ledger/event-store.port';
import { foldStream } from '../../../ledger/fold';
import { CurrentPrincipal, Roles } from '../../../http/auth';
import { ClientIdPipe } from '../../../http/params';
import { ProblemException } from '../../../http/problem';
import { EVENT_STORE } from '../../../shared/di-tokens';
import { isInstant } from '../../../http/validators';
import { projectDecider, ProjectState } from '../../domain/projects.decider';
import { contractDecider, ContractState } from '../../../contracts/domain/contracts.decider';
import { Principal, assertRegionScope } from '../../../shared/access';

export interface ProjectView {
  readonly projectId: string;
  /** The instant the state is given as of; absent for the current state. */
  readonly asOf?: string;
  /** Last ledger position folded into this state. */
  readonly position: number;
  readonly project: ProjectState;
  readonly contracts: readonly { readonly contractId: string; readonly state: ContractState }[];
}

/**
 * GET /v1/projects/:projectId[?asOf=instant]: the project and its contracts folded from the
 * ledger itself, from the entries recorded up to `asOf` when given (recordedAt never goes
 * backwards along positions, so that is a prefix of each stream).
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects/:projectId')
export class GetProjectController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @ApiOperation({ summary: 'A project and its contracts, now or as the ledger knew them at an instant' })
  @Get()
  @Roles('purchaser', 'auditor')
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: 'the state as the ledger had recorded it at this instant (ISO 8601 with zone)',
    schema: { type: 'string', format: 'date-time', example: '2024-03-01T08:00:00Z' },
  })
  async get(
    @Param('projectId', ClientIdPipe) projectId: string,
    @Query('asOf') asOf: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProjectView> {
    if (asOf !== undefined && !isInstant(asOf)) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'asOf must be an ISO 8601 instant with a zone, e.g. 2024-03-01T08:00:00Z', [
        { path: 'query.asOf', message: 'must be an instant' },
      ]);
    }
    const until = asOf === undefined ? Infinity : Date.parse(asOf);
    const upTo = (entries: LedgerEntry[]): LedgerEntry[] => entries.filter((e) => Date.parse(e.recordedAt) <= until);
    const projectEntries = upTo(await this.store.readStream(StreamIds.project(projectId)));
    const project = foldStream(projectEntries, projectDecider.evolve, projectDecider.initialState());
    if (project.status === 'none')
      throw new ProblemException(
        404,
        'NOT_FOUND',
        `project ${projectId} ${asOf === undefined ? 'is not registered' : `was not registered as of ${asOf}`}`,
      );
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
    return { projectId, ...(asOf !== undefined ? { asOf } : {}), position, project, contracts };
  }
}
