import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { CompleteContractCommand } from './complete-contract.command';
import { CompleteContractRequest } from './complete-contract.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId/completion')
export class CompleteContractController {
  constructor(private readonly commands: CommandBus) {}

  /** ContractCompleted: acceptance of an active contract (002 §三(四)). */
  @ApiOperation({ summary: 'Record the acceptance (completion) of a contract' })
  @Post()
  @Roles('purchaser')
  async complete(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Body() body: CompleteContractRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new CompleteContractCommand(meta, { ...body, contractId })));
  }
}
