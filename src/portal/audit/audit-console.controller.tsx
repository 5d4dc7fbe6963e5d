import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Public } from '../../http/auth';
import { ApiPage } from '../views/api-page';
import { sendPage } from '../views/page';
import { AuditConsolePage } from './audit-console.page';

/**
 * `/audit`: the auditor console. Public on purpose: the page holds no data, and the auditor's key never
 * reaches this route — the browser script sends it as the bearer header of the API requests it makes.
 */
@ApiTags('portal')
@Controller('audit')
@Public()
export class AuditConsoleController {
  @ApiOperation({ summary: 'The auditor console (HTML, zh-CN): findings, project history, raw entries, budgets, credit' })
  @Get()
  @ApiPage('the console page; its script signs in with an auditor key kept in the tab, and fetches the API with it')
  page(@Res({ passthrough: true }) res: Response): string {
    return sendPage(res, <AuditConsolePage />);
  }
}
