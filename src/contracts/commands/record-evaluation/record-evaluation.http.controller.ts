import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { RecordEvaluationCommand } from './record-evaluation.command';
import { RecordEvaluationRequest } from './record-evaluation.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId/evaluations')
export class RecordEvaluationController {
  constructor(private readonly commands: CommandBus) {}

  /** PerformanceEvaluated: by the purchaser, the service recipients or a third party (000 §四(五)). */
  @ApiOperation({ summary: 'Record a performance evaluation of a contract' })
  @Post()
  @Roles('purchaser')
  async evaluate(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Body() body: RecordEvaluationRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new RecordEvaluationCommand(meta, { ...body, contractId })));
  }
}
