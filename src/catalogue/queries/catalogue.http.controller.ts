import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../http/auth';
import { PAYMENT_PURPOSE_NAMES, PROHIBITED_CATEGORIES, SERVICE_CATALOGUE } from '../../policy/catalogue';
import { POLICY_PACKS } from '../../policy/packs';
import { OnlyDocumentedQuery } from '../../http/params';

/** 000 §三(一): 1 事务性工作, 2 服务性工作; the annex lists the items (001 §二(一) has the same two lists). */
const KINDS = {
  affairs: { name: '事务性工作', source: '000 §三(一)1 and annex (吉林省政府购买社会救助服务清单); 001 §二(一)' },
  service: { name: '服务性工作', source: '000 §三(一)2 and annex (吉林省政府购买社会救助服务清单); 001 §二(一)' },
} as const;

export interface CatalogueView {
  readonly purchasable: readonly { code: string; name: string; kind: keyof typeof KINDS; kindName: string; source: string }[];
  readonly prohibited: readonly { code: string; reason: string }[];
  readonly paymentPurposes: readonly { code: string; name: string }[];
  /** Each prohibited purpose with the packs whose source forbids it (today only Inner Mongolia's, 003 §一(一)). */
  readonly prohibitedPurposes: readonly { code: string; reason: string; policies: string[] }[];
}

const prohibitedPurposes = (): CatalogueView['prohibitedPurposes'] => {
  const byCode = new Map<string, { code: string; reason: string; policies: string[] }>();
  for (const pack of POLICY_PACKS)
    for (const [code, reason] of Object.entries(pack.prohibitedPurposes)) {
      const entry = byCode.get(code) ?? { code, reason, policies: [] };
      entry.policies.push(pack.id);
      byCode.set(code, entry);
    }
  return [...byCode.values()];
};

/** Built once: the catalogue is code, not data that changes while the service runs. */
const VIEW: CatalogueView = {
  purchasable: Object.entries(SERVICE_CATALOGUE).map(([code, name]) => {
    const kind = code.split('.')[0] as keyof typeof KINDS;
    return { code, name, kind, kindName: KINDS[kind].name, source: KINDS[kind].source };
  }),
  prohibited: Object.entries(PROHIBITED_CATEGORIES).map(([code, reason]) => ({ code, reason })),
  paymentPurposes: Object.entries(PAYMENT_PURPOSE_NAMES).map(([code, name]) => ({ code, name })),
  prohibitedPurposes: prohibitedPurposes(),
};

@ApiTags('catalogue')
@Controller('v1/catalogue')
@OnlyDocumentedQuery()
@Public()
export class CatalogueController {
  @Get()
  @ApiOperation({
    summary: 'The service catalogue and the prohibited codes',
    description:
      'Purchasable category codes with their Chinese names and policy source, prohibited category codes, payment purpose codes and the purposes each policy pack refuses.',
  })
  @ApiOkResponse({ description: 'the catalogue' })
  catalogue(): CatalogueView {
    return VIEW;
  }
}
