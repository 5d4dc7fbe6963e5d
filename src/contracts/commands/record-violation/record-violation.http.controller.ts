import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { RecordViolationCommand } from './record-violation.command';
import { RecordViolationRequest } from './record-violation.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId/violations')
export class RecordViolationController {
  constructor(private readonly commands: CommandBus) {}

  /** ViolationRecorded: the conduct a penalty may later cite (000 §四(四)). */
  @ApiOperation({ summary: 'Record a violation by the contractor under a contract' })
  @Post()
  @Roles('purchaser')
  async record(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Body() body: RecordViolationRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new RecordViolationCommand(meta, { ...body, contractId })));
  }
}
