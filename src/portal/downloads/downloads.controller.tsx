import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Public } from '../../http/auth';
import { PublicApi } from '../public-api';
import { ApiPage } from '../views/api-page';
import { sendPage } from '../views/page';
import { DownloadsPage } from './downloads.page';

/** `/downloads`: the list of the portal's files, with the verifier key and the latest checkpoint shown in place. */
@ApiTags('portal')
@Controller('downloads')
@Public()
export class DownloadsPageController {
  constructor(private readonly api: PublicApi) {}

  @ApiOperation({ summary: 'The public portal: every download (project list CSV, OCDS release package, verifier key, checkpoint)' })
  @Get()
  @ApiPage('the downloads page')
  async page(@Res({ passthrough: true }) res: Response): Promise<string> {
    const [key, checkpoint] = await Promise.all([
      this.api.raw('/v1/ledger/key', 'text/plain'),
      this.api.raw('/v1/ledger/checkpoint', 'text/plain'),
    ]);
    for (const [url, answer] of [
      ['/v1/ledger/key', key],
      ['/v1/ledger/checkpoint', checkpoint],
    ] as const)
      if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
    return sendPage(res, <DownloadsPage verifierKey={key.body.trim()} checkpoint={checkpoint.body} />);
  }
}
