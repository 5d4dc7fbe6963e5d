import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { Public } from '../../http/auth';
import { PublicApi } from '../public-api';
import { ApiPage } from '../views/api-page';
import { badRequest, sendPage, sendRefusal } from '../views/page';
import { refused, unknownQuery } from '../views/query';
import { VerifyPage } from './verify.page';

/**
 * `/verify`: "verify this fact" for anyone. The page shows what the browser checks against — the latest
 * signed checkpoint and the verifier key, as the public API serves them — and, for ?position=, the entry's
 * proof bundle link and verify button.
 */
@ApiTags('portal')
@Controller('verify')
@Public()
export class VerifyPageController {
  constructor(private readonly api: PublicApi) {}

  @ApiOperation({ summary: 'The public portal: verify a ledger entry or a proof bundle in the browser (HTML, zh-CN)' })
  @Get()
  @ApiQuery({
    name: 'position',
    required: false,
    // Sent empty, it is the page without a position (as the blank form).
    allowEmptyValue: true,
    description: 'a ledger position to verify; empty: none',
    schema: { type: 'integer', minimum: 1 },
  })
  @ApiPage('the verify page; a position that is not a whole number ≥ 1 is the same page with the reason, status 400')
  async page(@Query('position') asked: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const [checkpoint, key] = await Promise.all([
      this.api.raw('/v1/ledger/checkpoint', 'text/plain'),
      this.api.raw('/v1/ledger/key', 'text/plain'),
    ]);
    if (checkpoint.status !== 200 || key.status !== 200)
      throw new Error(`GET /v1/ledger/checkpoint answered ${checkpoint.status}, /v1/ledger/key ${key.status}`);
    const page = (props: { position?: number; refused?: string }) => (
      <VerifyPage {...props} checkpoint={checkpoint.body} verifierKey={key.body} />
    );
    const unknown = unknownQuery(req, ['position']);
    if (unknown.length > 0)
      return sendRefusal(req, res, badRequest(refused(unknown)), page({ refused: unknown.map((r) => r.message).join('；') }));
    if (asked === undefined || asked === '') return sendPage(res, page({}));
    if (typeof asked === 'string' && /^\d{1,15}$/.test(asked) && Number(asked) >= 1)
      return sendPage(res, page({ position: Number(asked) }));
    const reason = { path: 'query.position', message: '台账位置应为不小于 1 的整数。' };
    return sendRefusal(req, res, badRequest(refused([reason])), page({ refused: reason.message }));
  }
}
