import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { AwardContractorCommand } from './award-contractor.command';
import { AwardContractorRequest } from './award-contractor.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects/:projectId/award')
export class AwardContractorController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({ summary: 'Award a project to a contractor' })
  @Post()
  @Roles('purchaser')
  async award(
    @Param('projectId', ClientIdPipe) projectId: string,
    @Body() body: AwardContractorRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new AwardContractorCommand(meta, { ...body, projectId })));
  }
}
