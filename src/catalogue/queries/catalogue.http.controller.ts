import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../http/auth';
import { PROHIBITED_CATEGORIES, PROHIBITED_PURPOSES, SERVICE_CATALOGUE } from '../../policy/catalogue';

/** 000 §三(一): 1 事务性工作, 2 服务性工作; the annex lists the items (001 §二(一) has the same two lists). */
const KINDS = {
  affairs: { name: '事务性工作', source: '000 §三(一)1 and annex (吉林省政府购买社会救助服务清单); 001 §二(一)' },
  service: { name: '服务性工作', source: '000 §三(一)2 and annex (吉林省政府购买社会救助服务清单); 001 §二(一)' },
} as const;

export interface CatalogueView {
  readonly purchasable: readonly { code: string; name: string; kind: keyof typeof KINDS; kindName: string; source: string }[];
  readonly prohibited: readonly { code: string; reason: string }[];
  readonly prohibitedPurposes: readonly { code: string; reason: string }[];
}

/** Built once: the catalogue is code, not data that changes while the service runs. */
const VIEW: CatalogueView = {
  purchasable: Object.entries(SERVICE_CATALOGUE).map(([code, name]) => {
    const kind = code.split('.')[0] as keyof typeof KINDS;
    return { code, name, kind, kindName: KINDS[kind].name, source: KINDS[kind].source };
  }),
  prohibited: Object.entries(PROHIBITED_CATEGORIES).map(([code, reason]) => ({ code, reason })),
  prohibitedPurposes: Object.entries(PROHIBITED_PURPOSES).map(([code, reason]) => ({ code, reason })),
};

@ApiTags('catalogue')
@Controller('v1/catalogue')
@Public()
export class CatalogueController {
  @Get()
  @ApiOperation({
    summary: 'The service catalogue and the prohibited codes',
    description:
      'Purchasable category codes with their Chinese names and policy source, prohibited category codes and prohibited payment purposes.',
  })
  @ApiOkResponse({ description: 'the catalogue' })
  catalogue(): CatalogueView {
    return VIEW;
  }
}
