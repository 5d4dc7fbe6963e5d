import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { UsccPipe } from '../../../http/params';
import { FileFinancialReportCommand } from './file-financial-report.command';
import { FileFinancialReportRequest } from './file-financial-report.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('contractors')
@ApiBearerAuth()
@Controller('v1/contractors/:uscc/financial-reports')
export class FileFinancialReportController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Admin and purchasers of any region, as for registration (API.md roles): a contractor is not bound to one
   * region, and the purchasers it works for are the ones it hands its audited report to (000 §四(四)2: 接受购买主体的监管).
   */
  @ApiOperation({
    summary: "File a contractor's audited annual financial report (财务报告, audited by a CPA firm: 000 §四(四)2, 002 §四(三))",
    description: 'One report per year; `year` must have closed before `auditedOn`, and `auditedOn` must not be after today (UTC+8).',
  })
  @Post()
  @Roles('purchaser')
  async file(
    @Param('uscc', UsccPipe) uscc: string,
    @Body() body: FileFinancialReportRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    return sendCommandOutcome(res, await this.commands.execute(new FileFinancialReportCommand(meta, { ...body, uscc })));
  }
}
