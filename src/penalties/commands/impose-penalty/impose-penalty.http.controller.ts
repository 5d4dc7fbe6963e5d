import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { ImposePenaltyCommand } from './impose-penalty.command';
import { ImposePenaltyRequest } from './impose-penalty.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('penalties')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId/penalties')
export class ImposePenaltyController {
  constructor(private readonly commands: CommandBus) {}

  /** PenaltyImposed and, as ordered, ContractTerminated + TakeoverActivated, ContractorDebarred, DishonestyRecordPublished (000 §四(四)3–4). */
  @ApiOperation({ summary: 'Impose a penalty for recorded violations (fine, termination, debarment, dishonesty record)' })
  @Post()
  @Roles('purchaser')
  async impose(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Body() body: ImposePenaltyRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new ImposePenaltyCommand(meta, { ...body, contractId })));
  }
}
