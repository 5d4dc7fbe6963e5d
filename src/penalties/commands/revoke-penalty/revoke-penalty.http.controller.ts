import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { RevokePenaltyCommand } from './revoke-penalty.command';
import { RevokePenaltyRequest } from './revoke-penalty.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('penalties')
@ApiBearerAuth()
@Controller('v1/penalties/:penaltyId/revocation')
export class RevokePenaltyController {
  constructor(private readonly commands: CommandBus) {}

  /** PenaltyRevoked and the compensating DebarmentLifted / DishonestyRecordWithdrawn. */
  @ApiOperation({ summary: 'Revoke a penalty (lifts its debarment, withdraws its dishonesty record)' })
  @Post()
  @Roles('purchaser')
  async revoke(
    @Param('penaltyId', ClientIdPipe) penaltyId: string,
    @Body() body: RevokePenaltyRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new RevokePenaltyCommand(meta, { ...body, penaltyId })));
  }
}
