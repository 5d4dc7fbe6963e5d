import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { RecordPaymentCommand } from './record-payment.command';
import { RecordPaymentRequest } from './record-payment.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('v1/contracts/:contractId/payments')
export class RecordPaymentController {
  constructor(private readonly commands: CommandBus) {}

  /** PaymentMade: within the contract amount, never for a prohibited purpose (000 §四(五)2, 003 §一(一)). */
  @ApiOperation({ summary: 'Record a payment under a contract' })
  @Post()
  @Roles('purchaser')
  async pay(
    @Param('contractId', ClientIdPipe) contractId: string,
    @Body() body: RecordPaymentRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new RecordPaymentCommand(meta, { ...body, contractId })));
  }
}
