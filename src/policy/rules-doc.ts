import { PROCUREMENT_METHODS, SEVERITIES } from '../../events';
import { cny } from '../shared/domain/money';
import { PAYMENT_PURPOSE_NAMES, type PaymentPurpose } from './catalogue';
import { CREDIT_POLICY_PACKS, type CreditPolicyPack } from './credit-packs';
import { CATALOGUE_SOURCE, CONTRACTOR_KINDS_SOURCE, POLICY_PACKS } from './packs';
import { capPercent, type PolicyPack } from './policy-pack';
import { RULES, type RuleEntry } from './rule-registry';

/**
 * docs/rules.md, rendered from the rule registry and the packs (issue 15 item 2). Pure: data in, Markdown out;
 * `npm run rules` (scripts/rules-doc.js) writes it and test/unit/project/rules-doc.spec.ts compares it.
 */
export const UNSOURCED = 'parameter without a source in the seeds';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (...cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]): string[] => [
  row(...head),
  `|${head.map(() => '---|').join('')}`,
  ...rows.map((r) => row(...r)),
];

function appliedBy(entry: RuleEntry, packs: readonly PolicyPack[], credit: readonly CreditPolicyPack[]): string {
  if (entry.appliesIn === 'every') return 'every pack (not a pack parameter)';
  if (entry.appliesIn === 'credit') return credit.map((p) => `\`${p.id}\``).join(', ');
  const predicate = entry.appliesIn;
  const ids = packs.filter((p) => predicate === undefined || predicate(p)).map((p) => `\`${p.id}\``);
  return predicate === undefined ? `every procurement pack (${ids.join(', ')})` : ids.join(', ') || 'no pack in force';
}

/** The source of a parameter, or the marking and reason when the pack names it unsourced. */
function sourceOf(pack: PolicyPack, parameter: string, cited: string): string {
  const unsourced = pack.unsourced.find((u) => u.parameter === parameter);
  if (!unsourced) return cited;
  return `**${UNSOURCED}**: ${unsourced.reason}${cited === '—' ? '' : ` (cited: ${cited})`}`;
}

function methodCell(pack: PolicyPack, method: (typeof PROCUREMENT_METHODS)[number]): [string, string] {
  const rule = pack.methods[method];
  if (!rule) return ['not allowed', '—'];
  const conditions = [
    rule.minAmount !== undefined ? `project budget ≥ ${cny(rule.minAmount)}` : '',
    rule.belowProcurementThreshold ? `project budget < the procurement threshold (${cny(pack.procurementThreshold)})` : '',
    rule.requiresJustification ? 'with singleSourceJustification' : '',
  ].filter((c) => c !== '');
  return [conditions.length > 0 ? `allowed: ${conditions.join(', ')}` : 'allowed', sourceOf(pack, `methods.${method}`, rule.source)];
}

function packSection(pack: PolicyPack): string[] {
  const term = pack.contractTerm;
  const purposes = Object.entries(pack.prohibitedPurposes) as [PaymentPurpose, string][];
  const rows: string[][] = [
    [
      'jurisdiction',
      pack.jurisdiction === 'national' ? 'national default (provinces without a pack of their own)' : `province ${pack.jurisdiction}`,
      pack.sources.join('; '),
    ],
    ['in force from (effectiveFrom)', pack.effectiveFrom, sourceOf(pack, 'effectiveFrom', pack.sources[0])],
    [
      'in force until (effectiveTo)',
      pack.effectiveTo ?? 'open (until a later pack replaces it)',
      sourceOf(pack, 'effectiveTo', pack.effectiveTo ? pack.sources[0] : '—'),
    ],
    [
      'budget cap (budgetCap)',
      `${capPercent(pack)} of the central + provincial special funds of the ${pack.budgetCap.baseYear === 'same' ? 'same' : 'previous'} fiscal year`,
      sourceOf(pack, 'budgetCap', pack.budgetCap.source),
    ],
    [
      'procurement threshold 采购限额标准 (procurementThreshold)',
      cny(pack.procurementThreshold),
      sourceOf(pack, 'procurementThreshold', '—'),
    ],
    ...PROCUREMENT_METHODS.map((m) => [`method \`${m}\``, ...methodCell(pack, m)]),
    [
      'contract term (contractTerm)',
      `≤ ${term.months} months; ≤ ${term.extendedMonths} months with extendedTermJustification`,
      sourceOf(pack, 'contractTerm', term.source),
    ],
    [
      'prohibited payment purposes (prohibitedPurposes)',
      purposes.length === 0 ? 'none' : purposes.map(([code]) => `\`${code}\` ${PAYMENT_PURPOSE_NAMES[code]}`).join(', '),
      purposes.length === 0 ? "the pack's sources forbid no purpose a code can judge" : purposes.map(([, why]) => why).join('; '),
    ],
    [
      'contractor kinds (allowedContractorKinds)',
      pack.allowedContractorKinds.map((k) => `\`${k}\``).join(', '),
      sourceOf(pack, 'allowedContractorKinds', CONTRACTOR_KINDS_SOURCE),
    ],
    [
      'catalogue (catalogue, prohibitedCategories)',
      `${pack.catalogue.length} purchasable categories; ${Object.keys(pack.prohibitedCategories).length} prohibited`,
      sourceOf(pack, 'catalogue', CATALOGUE_SOURCE),
    ],
  ];
  return [`### \`${pack.id}\` — ${pack.title}`, '', ...table(['parameter', 'value', 'source'], rows), ''];
}

function creditSection(pack: CreditPolicyPack): string[] {
  const rows = SEVERITIES.map((s) => {
    const b = pack.publication[s];
    const unsourced = pack.unsourced.find((u) => u.parameter === `publication.${s}`);
    const source = unsourced ? `**${UNSOURCED}**: ${unsourced.reason}` : b === null ? pack.sources.join('; ') : b.source;
    return [s, b === null ? 'not published' : `${b.minMonths} – ${b.maxMonths} months`, source];
  });
  return [
    `### \`${pack.id}\` — ${pack.title}`,
    '',
    `In force ${pack.effectiveFrom} – ${pack.effectiveTo ?? 'open'} (${pack.sources.join('; ')}).`,
    '',
    ...table(['severity', 'publication period', 'source'], rows),
    '',
  ];
}

export function renderRulesDoc(
  rules: readonly RuleEntry[] = RULES,
  packs: readonly PolicyPack[] = POLICY_PACKS,
  credit: readonly CreditPolicyPack[] = CREDIT_POLICY_PACKS,
): string {
  const codes = (kind: RuleEntry['kind']) =>
    table(
      ['code', 'rule', 'source', 'applied by'],
      rules.filter((r) => r.kind === kind).map((r) => [`\`${r.code}\``, r.rule, r.source, appliedBy(r, packs, credit)]),
    );
  const unsourced = [...packs, ...credit].flatMap((p) => p.unsourced.map((u) => [`\`${p.id}\``, `\`${u.parameter}\``, u.reason]));
  return [
    '# Rules, findings and policy parameters',
    '',
    '<!-- Generated by `npm run rules` from src/policy (rule-registry.ts, packs.ts, credit-packs.ts). Do not edit:',
    '     test/unit/project/rules-doc.spec.ts fails when this file differs from the data. -->',
    '',
    'Seeds 000–004 are the documents DOMAIN.md lists (000 Jilin 2020 guide, 001 Jilin 2018, 002 Jilin 2014,',
    '003 Inner Mongolia 2023, 004 民发〔2012〕196号). A fact is judged by the pack in force on its business date.',
    '',
    '## Refusals (422; nothing is appended)',
    '',
    ...codes('refusal'),
    '',
    '## Findings (`GET /v1/audit/findings`)',
    '',
    "Working days are those of China's official calendar (holidays and make-up working days 调休, from the",
    '`chinese-days` package); after the last year its data covers, Monday–Friday.',
    '',
    ...codes('finding'),
    '',
    '## Procurement policy packs',
    '',
    ...packs.flatMap(packSection),
    `## Parameters without a source in the seeds`,
    '',
    ...table(['pack', 'parameter', 'why'], unsourced),
    '',
    '## Credit publication packs',
    '',
    ...credit.flatMap(creditSection),
  ].join('\n');
}
