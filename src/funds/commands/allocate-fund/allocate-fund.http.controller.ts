import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { AllocateFundCommand } from './allocate-fund.command';
import { AllocateFundRequest } from './allocate-fund.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('v1/funds')
export class AllocateFundController {
  constructor(private readonly commands: CommandBus) {}

  /** Admin only (API.md): funds allocated to a region-year, the base of its 2% cap. */
  @ApiOperation({ summary: 'Record a central or provincial fund allocation to a region-year (the base of its 2% cap)' })
  @Post()
  @Roles()
  async allocate(
    @Body() body: AllocateFundRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new AllocateFundCommand(meta, body)));
  }
}
