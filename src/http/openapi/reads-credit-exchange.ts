import type { ResponseObject, SchemaObject } from '@nestjs/swagger';
import { XZCF_ITEMS } from '../../../projections/credit_xzcf/credit_xzcf.projection';
import { object, page } from './schema';

/** The 双公示 items the route fills from the ledger (docs/credit-exchange.md has the mapping and sources). */
const ITEM_DESCRIPTIONS: Record<(typeof XZCF_ITEMS)[number], string> = {
  CF_XDR_MC: '行政相对人名称: the contractor',
  CF_XDR_LB: '行政相对人类别: 法人及非法人组织',
  CF_XDR_SHXYM: '统一社会信用代码 of the contractor',
  CF_WSH: '行政处罚决定书文号 (empty for entries recorded before it was)',
  CF_WFXW: '违法行为类型, names joined by ";"',
  CF_SY: '违法事实',
  CF_YJ: '处罚依据',
  CF_CFLB: '处罚类别, names joined by ";"',
  CF_NR: '处罚内容',
  CF_NR_FK:
    '罚款金额（万元）: fen ÷ 1,000,000 as an exact decimal string with six decimals (123456 fen → "0.123456"); empty without a fine',
  CF_JDRQ: '处罚决定日期, YYYY-MM-DD',
  CF_YXQ: '处罚有效期: last day of a debarment period, YYYY-MM-DD; empty when the penalty has no period',
  CF_GSJZQ: '公示截止期: last day of publication, YYYY-MM-DD',
  CF_CFJG: '处罚机关',
  CF_CFJGDM: '处罚机关统一社会信用代码',
  CF_SJLY: '数据来源单位',
  CF_SJLYDM: '数据来源单位统一社会信用代码',
  BZ: '备注: 账本处罚编号 and, once it ended, the state (已撤销 / 公示期满 / 已信用修复) with its date',
};

const XZCF_RECORD: SchemaObject = {
  ...object(Object.fromEntries(XZCF_ITEMS.map((item) => [item, { type: 'string', description: ITEM_DESCRIPTIONS[item] }]))),
  additionalProperties: false,
  description: 'one administrative penalty, keys = 双公示 item codes; a field the ledger does not hold is ""',
};

/** What the credit exchange reads answer (API.md "Queries"). */
export const CREDIT_EXCHANGE_READS: Record<string, Record<string, ResponseObject>> = {
  'get /v1/credit/penalties/xzcf': {
    200: {
      description:
        'a page of penalties in the order they last changed; a revocation, publication end or credit repair moves a penalty to the end as a withdrawal notice (identifying items and BZ; the misconduct and sanction items emptied). Minor penalties are not published, so not listed',
      headers: {
        'X-Next-Cursor': {
          description: 'the nextCursor of this page (the CSV form has no other place for it)',
          schema: { type: 'string' },
        },
      },
      content: {
        'application/json': { schema: page(XZCF_RECORD, 'opaque cursor: pass it as ?after= for the next page') },
        'text/csv': {
          schema: {
            type: 'string',
            description:
              "RFC 4180, CRLF, UTF-8 with a BOM, header row of the item codes; a cell beginning with = + - @ TAB CR gets a leading ' (formula injection guard)",
            example: `\uFEFF${XZCF_ITEMS.join(',')}\r\n`,
          },
        },
      },
    },
  },
};
