import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { ActivateTakeoverCommand } from './activate-takeover.command';
import { ActivateTakeoverRequest } from './activate-takeover.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId/takeover')
export class ActivateTakeoverController {
  constructor(private readonly commands: CommandBus) {}

  /** TakeoverActivated: the purchaser starts the takeover plan after a service failure, without a penalty (000 §四(四)3). */
  @ApiOperation({ summary: 'Activate the takeover plan (临时接管预案) of an active contract' })
  @Post()
  @Roles('purchaser')
  async activate(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Body() body: ActivateTakeoverRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new ActivateTakeoverCommand(meta, { ...body, contractId })));
  }
}
