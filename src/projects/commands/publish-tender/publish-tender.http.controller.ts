import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { PublishTenderCommand } from './publish-tender.command';
import { PublishTenderRequest } from './publish-tender.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects/:projectId/tender')
export class PublishTenderController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({ summary: 'Publish the tender (procurement notice) of a project' })
  @Post()
  @Roles('purchaser')
  async publish(
    @Param('projectId', ClientIdPipe) projectId: string,
    @Body() body: PublishTenderRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new PublishTenderCommand(meta, { ...body, projectId })));
  }
}
