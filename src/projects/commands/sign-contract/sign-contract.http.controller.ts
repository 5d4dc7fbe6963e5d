import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { CommandMeta, Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import type { CommandResponse } from '../../../ledger/command-runner';
import { SignContractCommand } from './sign-contract.command';
import { SignContractRequest } from './sign-contract.request.dto';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects/:projectId/contracts')
export class SignContractController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({ summary: 'Sign the written contract of an awarded project' })
  @Post()
  @Roles('purchaser')
  async sign(@Param('projectId', ClientIdPipe) projectId: string, @Body() body: SignContractRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new SignContractCommand(meta, projectId, body)));
  }
}
