import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Public } from '../../http/auth';
import { ApiPage } from '../views/api-page';
import { sendPage } from '../views/page';
import { AuditVerifyPage } from './audit-verify.page';

/**
 * `/audit/verify`: the page is the same for everyone (no key reaches the server with it); the auditor's key,
 * kept in the tab's session storage, goes only with the script's API requests.
 */
@ApiTags('portal')
@Controller('audit/verify')
@Public()
export class AuditVerifyPageController {
  @ApiOperation({ summary: 'The auditor console: verify the whole ledger or a range in the browser (HTML, zh-CN)' })
  @Get()
  @ApiPage('the ledger verification page; the check runs in the browser with the auditor key of the tab')
  page(@Res({ passthrough: true }) res: Response): string {
    return sendPage(res, <AuditVerifyPage />);
  }
}
