import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StreamIds } from '../../../events/streams';
import { contractKey, contractsProjection, type ContractRow } from '../../../projections/contracts/contracts.projection';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { foldStreamsInMemory } from '../../projection-runner/in-memory-fold';
import type { EventStore } from '../../ledger/event-store.port';
import { CurrentPrincipal, Roles } from '../../http/auth';
import { awaitFreshness } from '../../http/freshness';
import { ClientIdPipe } from '../../http/params';
import { ProblemException } from '../../http/problem';
import { describeView, inView, parseTimeView, TIME_VIEW_QUERIES } from '../../http/time-view';
import { EVENT_STORE, PROJECTION_STORE } from '../../shared/di-tokens';
import { Principal, assertRegionScope } from '../../shared/access';

/**
 * GET /v1/contracts/:contractId — contract state: paid, remaining, evaluations, violations, status. Now from
 * the read model; for `?asOf=date` or `?recordedBefore=instant` the same fold runs over the contract's and its
 * penalties' entries in that view (src/http/time-view.ts).
 */
@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId')
export class GetContractController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @ApiOperation({
    summary: 'Contract state: paid, remaining, evaluations, violations, status; now, as of a date or as recorded before an instant',
  })
  @Get()
  @Roles('purchaser', 'auditor')
  @ApiQuery({ name: 'minPosition', required: false })
  @ApiQuery(TIME_VIEW_QUERIES[0])
  @ApiQuery(TIME_VIEW_QUERIES[1])
  async get(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Query('minPosition') minPosition: unknown,
    @Query('asOf') asOf: unknown,
    @Query('recordedBefore') recordedBefore: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<object> {
    const view = parseTimeView(asOf, recordedBefore);
    await awaitFreshness(this.runner, ['contracts'], minPosition);
    const current = await this.rows.getRow('contracts', contractKey(contractId));
    if (!current) throw new ProblemException(404, 'NOT_FOUND', `contract ${contractId} is not signed`);
    assertRegionScope(principal, current.region);
    let row: ContractRow | undefined = current;
    if (view !== null) {
      // Penalties and the later years' reservations live on their own streams; the current row names every one.
      const streams = [
        StreamIds.contract(contractId),
        ...current.penalties.map((p) => StreamIds.penalty(p.penaltyId)),
        ...current.budgetSources.map((b) => StreamIds.budget(current.region, b.fiscalYear)),
      ];
      const folded = await foldStreamsInMemory(this.store, contractsProjection, streams, (e) => inView(e, view));
      row = folded.get(contractKey(contractId));
      if (!row) {
        const [name, value] = Object.entries(describeView(view))[0];
        throw new ProblemException(404, 'NOT_FOUND', `contract ${contractId} was not signed (${name} ${value})`);
      }
    }
    const { kind: _k, ...contract } = row;
    return view === null ? contract : { ...describeView(view), ...contract };
  }
}
