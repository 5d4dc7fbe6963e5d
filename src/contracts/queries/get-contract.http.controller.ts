import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { contractKey } from '../../../projections/contracts/contracts.projection';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { CurrentPrincipal, Roles } from '../../http/auth';
import { awaitFreshness } from '../../http/freshness';
import { ClientIdPipe } from '../../http/params';
import { ProblemException } from '../../http/problem';
import { PROJECTION_STORE } from '../../shared/di-tokens';
import { Principal, assertRegionScope } from '../../shared/access';

/** GET /v1/contracts/:contractId — contract state: paid, remaining, evaluations, violations, status. */
@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId')
export class GetContractController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @ApiOperation({ summary: 'Contract state: paid, remaining, evaluations, violations, status' })
  @Get()
  @Roles('purchaser', 'auditor')
  @ApiQuery({ name: 'minPosition', required: false })
  async get(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Query('minPosition') minPosition: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<object> {
    await awaitFreshness(this.runner, ['contracts'], minPosition);
    const row = await this.rows.getRow('contracts', contractKey(contractId));
    if (!row) throw new ProblemException(404, 'NOT_FOUND', `contract ${contractId} is not signed`);
    assertRegionScope(principal, row.region);
    const { kind: _k, ...contract } = row;
    return contract;
  }
}
