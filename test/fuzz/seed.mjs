// Seeds the fuzz target through its own HTTP API: a fund, two contractors and a project carried
// through tender, award, contract, announcement, payment, evaluation, violation and penalty, so that
// routes with ids reach real resources: it writes a schemathesis config whose dictionaries offer the
// seeded ids for path parameters half of the time. Usage: node seed.mjs <base url> <admin key> <config out>
import { usccCheckChar } from '../../dist/src/shared/domain/uscc.js';

import { writeFileSync } from 'node:fs';

const [base, adminKey, configOut] = process.argv.slice(2);
const uscc = (first17) => first17 + usccCheckChar(first17);
const CONTRACTOR = uscc('52220100MJ0000001');

async function post(path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`seed POST ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// Last year: every business date below is then in the past, whatever the day of the run (none may be in the future).
const year = new Date().getUTCFullYear() - 1;
const d = (mmdd) => `${year}-${mmdd}`;
await post('/v1/funds', { region: '220100', fiscalYear: year, source: 'central', amount: 5_000_000_000, reference: '财社〔2024〕12号' });
await post('/v1/contractors', { uscc: CONTRACTOR, name: '长春市阳光社会工作服务中心', kind: 'social_organization', region: '220100' });
await post('/v1/contractors', {
  uscc: uscc('91150100MA0000002'),
  name: '呼和浩特市社会服务有限公司',
  kind: 'enterprise',
  region: '150100',
});
await post('/v1/projects', {
  projectId: 'P-2024-001',
  region: '220100',
  fiscalYear: year,
  registeredOn: d('01-05'),
  purchaser: { code: '220100-MZJ', name: '长春市民政局' },
  title: '低保家庭家计调查',
  category: 'affairs.means_test',
  budget: 80_000_000,
  recipients: [{ name: '张三', idNumber: '220102195001010011', needs: '居家照料' }],
  internalNote: '内部备注',
});
await post('/v1/projects/P-2024-001/tender', {
  method: 'competitive_consultation',
  publishedAt: d('01-10'),
  content: '家计调查 3,000 户',
  term: '12 months',
  quantity: '3000 households',
  quality: '核对准确率 ≥ 98%',
  priceCeiling: 80_000_000,
  qualifications: '社会工作服务机构',
  evaluationStandards: '核对准确率 ≥ 98%，按季度评价',
});
await post('/v1/projects/P-2024-001/award', {
  contractorUscc: CONTRACTOR,
  amount: 75_000_000,
  awardedAt: d('02-01'),
  evaluationMethod: 'comprehensive_scoring',
  eligibility: {
    civilLiability: { documentRef: '登记证书' },
    facilitiesAndStaff: { documentRef: '场地及人员清单' },
    governance: { documentRef: '章程及财务制度' },
    taxAndSocialInsurance: { documentRef: '完税及社保证明' },
    noMajorViolations: { documentRef: '信用中国查询记录' },
  },
});
await post('/v1/projects/P-2024-001/contracts', {
  contractId: 'C-2024-001',
  signedAt: d('02-10'),
  amount: 75_000_000,
  startDate: d('03-01'),
  endDate: d('12-31'),
  paymentSchedule: [
    { dueDate: d('03-15'), amount: 37_500_000 },
    { dueDate: d('12-31'), amount: 37_500_000 },
  ],
  deliverables: '3,000 份家计调查报告',
  liabilities: '逾期按日万分之五支付违约金',
  takeoverPlan: '承接主体不能履约时由街道社工站 24 小时内接管在册服务对象',
});
await post('/v1/contracts/C-2024-001/announcement', { announcedAt: d('02-12'), url: 'https://www.ccgp-jilin.gov.cn/contracts/C-2024-001' });
await post('/v1/contracts/C-2024-001/payments', { paymentId: 'pay-1', amount: 37_500_000, paidAt: d('03-15'), purpose: 'service_fee' });
await post('/v1/contracts/C-2024-001/evaluations', { evaluationId: 'eval-1', evaluator: 'purchaser', score: 55, evaluatedAt: d('06-30') });
await post('/v1/contracts/C-2024-001/violations', {
  violationId: 'v-1',
  kind: 'fraud',
  severity: 'serious',
  occurredAt: d('06-01'),
  description: '伪造入户调查记录',
});
// eval-1 (score 55, no grade stated) is graded fail: the penalty cites it too, with a rectification deadline (004 §三(五)).
const penalty = await post('/v1/contracts/C-2024-001/penalties', {
  penaltyId: 'pen-1',
  violationIds: ['v-1'],
  evaluationIds: ['eval-1'],
  decidedAt: d('07-01'),
  rectificationDeadline: d('09-30'),
  decisionNumber: '长民罚决字〔2024〕第1号',
  legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
  facts: '伪造入户调查记录',
  penaltyCategories: ['fine', 'debarment'],
  content: '罚款5万元，三年内禁止参与',
  authority: { name: '长春市民政局', uscc: '11220100MB1234567K' },
  fine: 5_000_000,
  debarment: { from: d('07-01'), until: `${year + 3}-06-30` },
  publishDishonestyRecord: true,
});

// Each path parameter of the document, and the seeded values it may take.
const ids = {
  projectId: ['P-2024-001'],
  contractId: ['C-2024-001'],
  penaltyId: ['pen-1'],
  uscc: [CONTRACTOR],
  region: ['220100'],
  fiscalYear: [year],
  position: [1, penalty.position],
  ocid: ['ocds-ledger-P-2024-001'],
};
const toml = [
  ...Object.entries(ids).flatMap(([name, values]) => [`[dictionaries.${name}]`, `values = ${JSON.stringify(values)}`, '']),
  '[parameters]',
  ...Object.keys(ids).map((name) => `"path.${name}" = { dictionary = "${name}", probability = 0.5 }`),
  '',
].join('\n');
writeFileSync(configOut, toml);
process.stdout.write(`seeded ${penalty.position} ledger entries\n`);
