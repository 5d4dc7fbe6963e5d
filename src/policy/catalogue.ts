/**
 * The service catalogue: annex of 000 (吉林省政府购买社会救助服务清单), codes as in DOMAIN.md.
 * 000 §三(一)1 事务性工作 (affairs.*) and §三(一)2 服务性工作 (service.*); the same two lists are in
 * 001 §二(一).
 */
export const SERVICE_CATALOGUE: { readonly [code: string]: string } = {
  'affairs.screening': '对象排查',
  'affairs.means_test': '家计调查',
  'affairs.needs_assessment': '需求评估',
  'affairs.planning_design': '规划设计',
  'affairs.policy_research': '策略研究',
  'affairs.topic_research': '课题调研',
  'affairs.publicity': '政策宣传',
  'affairs.training': '业务培训',
  'affairs.performance_evaluation': '绩效评价',
  'service.care': '照料护理',
  'service.rehabilitation': '康复训练',
  'service.hospital_escort': '送医陪护',
  'service.counselling': '心理疏导',
  'service.community_care': '社区照顾',
  'service.intergenerational': '代际融洽',
  'service.capacity_building': '能力提升',
  'service.community_advocacy': '社区倡导',
  'service.community_participation': '社区参与',
  'service.social_integration': '社会融入',
  'service.resource_linking': '资源链接',
};

export const CATALOGUE_CODES: readonly string[] = Object.keys(SERVICE_CATALOGUE);

/** 000 §三(二) 不可以购买服务的事项; 003 §一(一). */
export const PROHIBITED_CATEGORIES: { readonly [code: string]: string } = {
  'prohibited.administration': "the government's own administrative duties (000 §三(二)2: 应由政府直接履职的事项)",
  'prohibited.goods_or_works': 'goods or works, or works bundled with services (000 §三(二)3)',
  'prohibited.financing': 'financing (000 §三(二)4: 融资行为)',
  'prohibited.staffing': 'hiring, labour dispatch or public-welfare posts (000 §三(二)5)',
  'prohibited.outside_duties': 'services outside government duties (000 §三(二)1)',
};

/**
 * What a payment pays for (API.md `POST /v1/contracts/:contractId/payments`, DOMAIN.md PROHIBITED_USE_OF_FUNDS:
 * `purpose` is a code list everywhere), with its Chinese name. The last four are the uses that 003 §一(一)
 * forbids; only a pack whose source forbids them refuses them (packs.ts: Inner Mongolia).
 */
export const PAYMENT_PURPOSE_NAMES = {
  service_fee: '服务费',
  advance_payment: '预付款',
  milestone_payment: '阶段性付款',
  final_payment: '尾款（结算款）',
  performance_bonus: '绩效奖励',
  deposit_refund: '退还保证金',
  salaries: '聘用人员、劳务派遣人员工资、补贴',
  operating_expenses: '工作经费',
  equipment: '购置设备',
  construction: '建设工程',
} as const;
export type PaymentPurpose = keyof typeof PAYMENT_PURPOSE_NAMES;
export const PAYMENT_PURPOSES = Object.keys(PAYMENT_PURPOSE_NAMES) as readonly PaymentPurpose[];

/** 003 §一(一): 不得使用政府购买社会救助服务资金向聘用人员、劳务派遣人员发放工资、补贴等，不得用于工作经费、购置设备和建设工程等支出. */
export const PROHIBITED_PURPOSES_003: { readonly [P in PaymentPurpose]?: string } = {
  salaries: 'wages or allowances of hired or dispatched staff (003 §一(一): 不得…向聘用人员、劳务派遣人员发放工资、补贴)',
  operating_expenses: "the purchaser's working funds (003 §一(一): 不得用于工作经费)",
  equipment: 'purchase of equipment (003 §一(一): 不得用于…购置设备)',
  construction: 'construction works (003 §一(一): 不得用于…建设工程)',
};
