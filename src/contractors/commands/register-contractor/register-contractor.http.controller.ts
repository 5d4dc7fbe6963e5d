import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { RegisterContractorCommand } from './register-contractor.command';
import { RegisterContractorRequest } from './register-contractor.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contractors')
@ApiBearerAuth()
@Controller('v1/contractors')
export class RegisterContractorController {
  constructor(private readonly commands: CommandBus) {}

  /** Purchasers register contractors (API.md roles); a contractor is not bound to one region. */
  @Post()
  @ApiOperation({
    summary: 'Register a contractor (承接主体)',
    description:
      'Purchasers may register a contractor of any region, not only of their own: a contractor from elsewhere may bid ' +
      '(API.md roles). `region` is where the contractor is registered, not a scope the purchaser must hold.',
  })
  @Roles('purchaser')
  async register(
    @Body() body: RegisterContractorRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new RegisterContractorCommand(meta, body)));
  }
}
