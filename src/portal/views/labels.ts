import type { ContractorKind, Evaluator, ProcurementMethod } from '../../../events/common';
import type { DisclosureStatus } from '../../../projections/disclosure/disclosure.projection';

/**
 * Chinese names of the API's codes, as the seed documents write them (政府采购法 §26 for methods).
 * Typed as complete records: a code added to the API without a name here does not compile.
 */
export const METHOD_NAMES: Record<ProcurementMethod, string> = {
  public_tender: '公开招标',
  invited_tender: '邀请招标',
  competitive_negotiation: '竞争性谈判',
  competitive_consultation: '竞争性磋商',
  single_source: '单一来源采购',
  inquiry: '询价',
  self_organized: '自行组织采购',
};

export const STATUS_NAMES: Record<DisclosureStatus, string> = {
  registered: '已立项',
  tendered: '已发布采购公告',
  awarded: '已公告成交结果',
  contracted: '已公告合同',
};

export const EVALUATOR_NAMES: Record<Evaluator, string> = {
  purchaser: '购买主体',
  service_recipients: '服务对象',
  third_party: '第三方机构',
};

/** 000 §二(一): who may be a contractor of government purchase of services. */
export const CONTRACTOR_KIND_NAMES: Record<ContractorKind, string> = {
  enterprise: '企业',
  social_organization: '社会组织',
  public_institution_ii: '公益二类事业单位',
  public_institution_production: '从事生产经营活动的事业单位',
  rural_collective: '农村集体经济组织',
  grassroots_autonomous: '基层群众性自治组织',
};
