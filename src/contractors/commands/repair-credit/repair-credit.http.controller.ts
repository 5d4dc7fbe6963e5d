import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { UsccPipe } from '../../../http/params';
import { RepairCreditCommand } from './repair-credit.command';
import { RepairCreditRequest } from './repair-credit.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contractors')
@ApiBearerAuth()
@Controller('v1/contractors/:uscc/credit-repair')
export class RepairCreditController {
  constructor(private readonly commands: CommandBus) {}

  /** Admin, and purchasers of the penalty's region (API.md): the authority that imposed it decides its repair. */
  @ApiOperation({
    summary: "Record the credit repair (信用修复) of one penalty's record: its publication ends (purchasers: penalties of their regions)",
  })
  @Post()
  @Roles('purchaser')
  async repair(
    @Param('uscc', UsccPipe) uscc: string,
    @Body() body: RepairCreditRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new RepairCreditCommand(meta, { ...body, uscc })));
  }
}
