import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CONTRACTOR_KINDS, type ContractorKind } from '../../../events/common';
import { disclosedContract, disclosureProjection, shownOn } from '../../../projections/disclosure/disclosure.projection';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { ofKind, oneOfKind } from '../../projection-runner/rows-of-kind';
import { Public } from '../../http/auth';
import { awaitFreshness } from '../../http/freshness';
import { OnlyDocumentedQuery, UsccPipe } from '../../http/params';
import { ProblemException } from '../../http/problem';
import { businessDate, type Clock } from '../../shared/clock';
import { CLOCK, PROJECTION_STORE } from '../../shared/di-tokens';
import { CONTRACTOR_PROJECTS_MAX, contractorView, type DisclosedContractor } from './contractor-view';

const isKind = (v: string | null): v is ContractorKind => (CONTRACTOR_KINDS as readonly (string | null)[]).includes(v);

/**
 * A contractor as the public sees it (issue 16: the portal's contractor page): its registered identity and the
 * disclosed facts of the projects awarded to it (contractor-view.ts). Registered contractors only.
 */
@ApiTags('disclosure')
@Controller('v1/disclosure/contractors')
@Public()
export class DisclosedContractorController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({
    summary: 'The public view of a contractor: identity, projects awarded, announced contracts, evaluations, penalties, dishonesty records',
  })
  @Get(':uscc')
  @OnlyDocumentedQuery()
  @ApiQuery({ name: 'minPosition', required: false })
  async get(@Param('uscc', UsccPipe) uscc: string, @Query() query: Record<string, unknown>): Promise<DisclosedContractor> {
    await awaitFreshness(this.runner, ['disclosure', 'credit_records'], query.minPosition);
    const record = oneOfKind(await this.rows.getRow('credit_records', `contractor:${uscc}`), 'contractor');
    // The credit record exists from the first fact about the code (a penalty may name an unregistered one): the name says registered.
    if (record === null || record.name === null || !isKind(record.contractorKind)) {
      throw new ProblemException(404, 'NOT_FOUND', `no contractor ${uscc} is registered`);
    }
    await this.refuseWhileRebuilding();
    const where = { kind: 'project', contractor_uscc: uscc };
    const [found, total] = await Promise.all([
      this.rows.queryRows('disclosure', { where, orderBy: { column: 'registered_on', desc: true }, limit: CONTRACTOR_PROJECTS_MAX }),
      this.rows.countRows('disclosure', { where }),
    ]);
    const projects = ofKind(found, 'project');
    const today = businessDate(this.clock());
    const contracts = (
      await Promise.all(projects.flatMap((p) => p.contractIds).map((id) => this.rows.getRow('disclosure', `contract:${id}`)))
    )
      .map(disclosedContract)
      .filter((c) => c !== null)
      .map((c) => shownOn(c, today));
    // Only the decision number is taken from the credit record: every other fact is the disclosure view's.
    const decisionNumbers = new Map(record.penalties.map((p) => [p.penaltyId, p.decisionNumber]));
    const registry = { uscc, name: record.name, kind: record.contractorKind, region: record.region };
    return contractorView(registry, projects, total, contracts, decisionNumbers);
  }

  /** The contractor column came with version 6 of the disclosure read model: while it is built, the served table lacks it. */
  private async refuseWhileRebuilding(): Promise<void> {
    const served = await this.rows.state('disclosure');
    if (served !== null && served.version >= disclosureProjection.version) return;
    throw new ProblemException(
      503,
      'SERVICE_UNAVAILABLE',
      'the disclosure read model is being rebuilt for a new definition; retry',
      undefined,
      {
        'Retry-After': '5',
      },
    );
  }
}
