import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { AnnounceContractCommand } from './announce-contract.command';
import { AnnounceContractRequest } from './announce-contract.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId/announcement')
export class AnnounceContractController {
  constructor(private readonly commands: CommandBus) {}

  /** ContractAnnounced: the contract is public by law (000 §四(三)4); allowed once, in any status. */
  @ApiOperation({ summary: 'Record the public announcement of a contract' })
  @Post()
  @Roles('purchaser')
  async announce(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Body() body: AnnounceContractRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new AnnounceContractCommand(meta, { ...body, contractId })));
  }
}
