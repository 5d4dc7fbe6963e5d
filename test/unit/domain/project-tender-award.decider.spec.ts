import { budgetDecider } from '../../../src/budgets/domain/budgets.decider';
import { contractorDecider } from '../../../src/contractors/domain/contractors.decider';
import { fundsDecider } from '../../../src/funds/domain/funds.decider';
import { projectDecider, type ProjectCommand } from '../../../src/projects/domain/projects.decider';
import { INNER_MONGOLIA_2023, JILIN_2020, type PolicyPack } from '../../../src/policy';
import { yuan } from '../../../src/shared/domain/money';
import type { ContractorEvent, ProcurementMethod, ProjectEvent } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import {
  CONTRACTOR,
  contractorAwarded,
  ELIGIBILITY,
  contractorRegistered,
  FUND_BASE,
  fundAllocated,
  projectRegistered,
  TENDER_APPROVAL,
  TENDER_NOTICE,
  tenderPublished,
} from './fixtures';

const spec = (policy: PolicyPack, context: unknown = undefined) =>
  DeciderSpecification.for({ ...projectDecider, decide: (c: ProjectCommand, s) => projectDecider.decide(c, s, policy, context as never) });

/** The command that records tenderPublished({}, method), with `over` on top (undefined removes a field). */
const tenderCommand = (method: ProcurementMethod, over: Record<string, unknown> = {}): ProjectCommand => {
  const { approval, publicNotice, evaluationStandards, ...rest } = tenderPublished({}, method).data;
  const data = {
    ...rest,
    evaluationStandards: evaluationStandards ?? '',
    ...(approval ? { approval } : {}),
    ...(publicNotice ? { publicNotice } : {}),
    ...over,
  };
  return { type: 'PublishTender', data };
};

describe('CATEGORY_NOT_PURCHASABLE — 000 §三, 003 §一(一)', () => {
  const context = { budget: fold(budgetDecider, []), fundBase: fold(fundsDecider, [fundAllocated('220100', 2024, FUND_BASE)]) };
  const register = (category: string): ProjectCommand => ({
    type: 'RegisterProject',
    data: {
      projectId: 'P-2024-001',
      region: '220100',
      fiscalYear: 2024,
      purchaser: { code: '220100-MZJ', name: '长春市民政局' },
      title: 't',
      category,
      budget: 1,
      registeredOn: '2024-03-01',
    },
  });
  it.each(['prohibited.administration', 'prohibited.goods_or_works', 'prohibited.financing', 'prohibited.staffing'])(
    'refuses %s',
    (category) =>
      spec(JILIN_2020, context)
        .given([])
        .when(register(category))
        .thenThrows('CATEGORY_NOT_PURCHASABLE', `category ${category} may not be purchased`),
  );
  it('refuses a code outside the catalogue', () =>
    spec(JILIN_2020, context)
      .given([])
      .when(register('service.gardening'))
      .thenThrows('CATEGORY_NOT_PURCHASABLE', 'not in the service catalogue of jl-2020'));
  it('accepts every catalogue code, keeping recipients and the note private', () => {
    const cmd = register('service.rehabilitation');
    const recipients = [{ name: '张三', idNumber: '220102195001011234', needs: '康复训练' }];
    const withPrivate = { ...cmd, data: { ...cmd.data, recipients, internalNote: '优先安排' } } as ProjectCommand;
    const [registered] = projectDecider.decide(withPrivate, projectDecider.initialState(), JILIN_2020, context);
    expect(registered).toMatchObject({ type: 'ProjectRegistered', private: { recipients, internalNote: '优先安排' } });
    expect(JSON.stringify(registered.data)).not.toContain('张三');
  });
  it('refuses a second registration of the same id (ALREADY_EXISTS)', () =>
    spec(JILIN_2020, context).given([projectRegistered()]).when(register('service.care')).thenThrows('ALREADY_EXISTS'));
});

describe('METHOD_NOT_ALLOWED — 003 §一(二), 004 §三(四)', () => {
  const tender = (method: ProcurementMethod, over: Record<string, unknown> = {}): ProjectCommand => tenderCommand(method, over);
  const imProject = (budget: number): ProjectEvent[] => [projectRegistered({ region: '150100', budget, policyId: 'nm-2023' })];
  const im = spec(INNER_MONGOLIA_2023);

  it('IM public tender at exactly 4,000,000 CNY passes', () =>
    im
      .given(imProject(yuan(4_000_000)))
      .when(tender('public_tender'))
      .then([tenderPublished({}, 'public_tender')]));
  it('IM public tender one fen below 4,000,000 CNY fails', () =>
    im
      .given(imProject(yuan(4_000_000) - 1))
      .when(tender('public_tender'))
      .thenThrows(
        'METHOD_NOT_ALLOWED',
        'public_tender needs a procurement amount ≥ 4,000,000.00 CNY under nm-2023 (003 §一(二)); the project budget 3,999,999.99 CNY is 0.01 CNY short',
      ));
  it('IM competitive consultation is the norm at any amount', () =>
    im
      .given(imProject(yuan(10)))
      .when(tender('competitive_consultation'))
      .then([tenderPublished({}, 'competitive_consultation')]));
  it('IM self-organised purchase one fen below the threshold passes; at the threshold fails', () => {
    im.given(imProject(yuan(1_000_000) - 1))
      .when(tender('self_organized'))
      .then([tenderPublished({}, 'self_organized')]);
    im.given(imProject(yuan(1_000_000)))
      .when(tender('self_organized'))
      .thenThrows('METHOD_NOT_ALLOWED', 'only below the procurement threshold 1,000,000.00 CNY');
  });
  it.each(['invited_tender', 'competitive_negotiation', 'inquiry'] as const)('IM refuses %s', (method) =>
    im
      .given(imProject(yuan(5_000_000)))
      .when(tender(method))
      .thenThrows('METHOD_NOT_ALLOWED', `method ${method} is not allowed under nm-2023`),
  );
  it('Jilin 2020 refuses inquiry (询价): 000 §四(三) names five methods, and it is not one of them', () =>
    spec(JILIN_2020)
      .given([projectRegistered()])
      .when(tender('inquiry'))
      .thenThrows('METHOD_NOT_ALLOWED', 'method inquiry is not allowed under jl-2020'));
  it('Jilin allows public tender below 4,000,000 CNY', () =>
    spec(JILIN_2020)
      .given([projectRegistered()])
      .when(tender('public_tender'))
      .then([tenderPublished({}, 'public_tender')]));
  it.each([INNER_MONGOLIA_2023, JILIN_2020])('single source needs a justification ($id)', (policy) => {
    const given = policy === JILIN_2020 ? [projectRegistered()] : imProject(yuan(500_000));
    spec(policy)
      .given(given)
      .when(tender('single_source'))
      .thenThrows('METHOD_NOT_ALLOWED', 'single_source requires singleSourceJustification');
    spec(policy)
      .given(given)
      .when(tender('single_source', { singleSourceJustification: '   ' }))
      .thenThrows('METHOD_NOT_ALLOWED');
    spec(policy)
      .given(given)
      .when(tender('single_source', { singleSourceJustification: '唯一具备资质的机构，已公示' }))
      .then([tenderPublished({ singleSourceJustification: '唯一具备资质的机构，已公示' }, 'single_source')]);
  });
  it('INVALID_STATE: a second tender; NOT_FOUND: no project', () => {
    spec(JILIN_2020).given([projectRegistered(), tenderPublished()]).when(tender('public_tender')).thenThrows('INVALID_STATE');
    spec(JILIN_2020).given([]).when(tender('public_tender')).thenThrows('NOT_FOUND');
  });
});

describe('APPROVAL_REQUIRED — 004 §三(四): finance approval for invited tender, negotiation, single source; single source also its notice', () => {
  const jilin = spec(JILIN_2020).given([projectRegistered()]);
  const justified = { singleSourceJustification: '唯一具备资质的机构' };

  it.each(['invited_tender', 'competitive_negotiation', 'single_source'] as const)(
    '%s without approval is refused, citing 004 §三(四)',
    (method) =>
      jilin
        .when(tenderCommand(method, { ...justified, approval: undefined }))
        .thenThrows(
          'APPROVAL_REQUIRED',
          `${method} needs the finance department's approval (approval: { authority, reference, approvedOn }) (004 §三(四): 经同级财政部门批准)`,
        ),
  );
  it.each(['invited_tender', 'competitive_negotiation'] as const)('%s with its approval is recorded with it; no notice needed', (method) =>
    jilin.when(tenderCommand(method)).then([tenderPublished({ approval: TENDER_APPROVAL, publicNotice: null }, method)]),
  );
  it('single source with approval but no public notice is refused (向社会公示)', () =>
    jilin
      .when(tenderCommand('single_source', { ...justified, publicNotice: undefined }))
      .thenThrows(
        'APPROVAL_REQUIRED',
        'single_source needs its public notice (publicNotice: { url, publishedOn }) (004 §三(四): 向社会公示)',
      ));
  it('single source with justification, approval and notice is recorded with all three', () =>
    jilin
      .when(tenderCommand('single_source', justified))
      .then([tenderPublished({ ...justified, approval: TENDER_APPROVAL, publicNotice: TENDER_NOTICE }, 'single_source')]));
  it.each(['public_tender', 'competitive_consultation'] as const)('%s needs neither: approval and notice recorded as null', (method) =>
    jilin.when(tenderCommand(method)).then([tenderPublished({ approval: null, publicNotice: null }, method)]),
  );
  it('DATE_OUT_OF_ORDER: an approval dated after the tender; the same day passes', () => {
    jilin
      .when(tenderCommand('invited_tender', { approval: { ...TENDER_APPROVAL, approvedOn: '2024-03-11' } }))
      .thenThrows('DATE_OUT_OF_ORDER', "the approval 长财采〔2024〕8号 is dated 2024-03-11, after the tender's publication on 2024-03-10");
    jilin
      .when(tenderCommand('invited_tender', { approval: { ...TENDER_APPROVAL, approvedOn: '2024-03-10' } }))
      .then([tenderPublished({ approval: { ...TENDER_APPROVAL, approvedOn: '2024-03-10' } }, 'invited_tender')]);
  });
  it('DATE_OUT_OF_ORDER: a single-source notice dated after the tender', () =>
    jilin
      .when(tenderCommand('single_source', { ...justified, publicNotice: { ...TENDER_NOTICE, publishedOn: '2024-03-11' } }))
      .thenThrows(
        'DATE_OUT_OF_ORDER',
        "the single-source public notice is dated 2024-03-11, after the tender's publication on 2024-03-10",
      ));
  it('the justification is still checked first (METHOD_NOT_ALLOWED) when single source lacks everything', () =>
    jilin
      .when(tenderCommand('single_source', { approval: undefined, publicNotice: undefined }))
      .thenThrows('METHOD_NOT_ALLOWED', 'single_source requires singleSourceJustification'));
});

describe('evaluationStandards — 002 §三(四): the tender records its 绩效评价标准', () => {
  it('records the standards as given', () =>
    spec(JILIN_2020)
      .given([projectRegistered()])
      .when(tenderCommand('public_tender', { evaluationStandards: '满意度 ≥ 90%' }))
      .then([tenderPublished({ evaluationStandards: '满意度 ≥ 90%' }, 'public_tender')]));
});

describe('award: CONTRACTOR_NOT_ELIGIBLE (000 §二, §四(四)4), AWARD_EXCEEDS_BUDGET (000 §四(一))', () => {
  const award = (over: Record<string, unknown> = {}): ProjectCommand => ({
    type: 'AwardContractor',
    data: {
      projectId: 'P-2024-001',
      contractorUscc: CONTRACTOR,
      amount: yuan(750_000),
      awardedAt: '2024-04-01',
      evaluationMethod: 'comprehensive_scoring',
      eligibility: ELIGIBILITY,
      ...over,
    },
  });
  const withContractor = (events: ContractorEvent[], policy: PolicyPack = JILIN_2020) =>
    spec(policy, { contractor: fold(contractorDecider, events) });
  const debarred = (from: string, until: string, lifted = false, decidedAt = from): ContractorEvent[] => [
    contractorRegistered(),
    {
      type: 'ContractorDebarred',
      schemaVersion: 2,
      data: { uscc: CONTRACTOR, penaltyId: 'X-1', contractId: 'C-0', from, until, decidedAt, grounds: 'serious_violation' },
    },
    ...(lifted
      ? [
          {
            type: 'DebarmentLifted',
            schemaVersion: 1,
            data: { uscc: CONTRACTOR, penaltyId: 'X-1', liftedAt: from, reason: '复议撤销' },
          } as ContractorEvent,
        ]
      : []),
  ];
  const tendered = [projectRegistered(), tenderPublished()];

  it('awards an eligible contractor', () =>
    withContractor([contractorRegistered()]).given(tendered).when(award()).then([contractorAwarded()]));
  it('award before the tender is INVALID_STATE', () =>
    withContractor([contractorRegistered()])
      .given([projectRegistered()])
      .when(award())
      .thenThrows('INVALID_STATE', 'before its tender is published'));
  it('award dated before the tender was published is DATE_OUT_OF_ORDER (DOMAIN.md: award ≥ tender)', () =>
    withContractor([contractorRegistered()])
      .given(tendered)
      .when(award({ awardedAt: '2024-03-09' }))
      .thenThrows('DATE_OUT_OF_ORDER'));
  it('a second award is INVALID_STATE', () =>
    withContractor([contractorRegistered()])
      .given([...tendered, contractorAwarded()])
      .when(award())
      .thenThrows('INVALID_STATE', 'already awarded'));
  it('unknown contractor', () =>
    withContractor([]).given(tendered).when(award()).thenThrows('CONTRACTOR_NOT_ELIGIBLE', 'is not registered'));
  it('a kind the pack does not allow', () => {
    const narrow: PolicyPack = { ...JILIN_2020, id: 'narrow', allowedContractorKinds: ['social_organization'] };
    withContractor([contractorRegistered(CONTRACTOR, 'enterprise')], narrow)
      .given(tendered)
      .when(award())
      .thenThrows('CONTRACTOR_NOT_ELIGIBLE', 'is of kind enterprise; narrow allows social_organization');
  });
  it('debarred on the award date is refused; on `until` too', () => {
    withContractor(debarred('2024-01-01', '2024-04-01'))
      .given(tendered)
      .when(award())
      .thenThrows(
        'CONTRACTOR_NOT_ELIGIBLE',
        'debarred from 2024-01-01 until 2024-04-01 (penalty X-1); the award date 2024-04-01 falls within it',
      );
    withContractor(debarred('2024-04-01', '2024-12-31')).given(tendered).when(award()).thenThrows('CONTRACTOR_NOT_ELIGIBLE');
  });
  it('the day after `until` is allowed, as is a lifted debarment', () => {
    // Decided more than 3 years before the award, so the serious violation behind it no longer counts either.
    withContractor(debarred('2021-01-01', '2024-03-31', false, '2021-01-01'))
      .given(tendered)
      .when(award())
      .then([contractorAwarded()]);
    withContractor(debarred('2024-01-01', '2024-12-31', true))
      .given(tendered)
      .when(award())
      .then([contractorAwarded()]);
  });
  it('award equal to the budget and ceiling passes; one fen more fails', () => {
    withContractor([contractorRegistered()])
      .given(tendered)
      .when(award({ amount: yuan(800_000) }))
      .then([contractorAwarded({ amount: yuan(800_000) })]);
    withContractor([contractorRegistered()])
      .given(tendered)
      .when(award({ amount: yuan(800_000) + 1 }))
      .thenThrows('AWARD_EXCEEDS_BUDGET', 'award 800,000.01 CNY exceeds the project budget 800,000.00 CNY of P-2024-001 by 0.01 CNY');
  });
  it('award above the tender price ceiling fails', () =>
    withContractor([contractorRegistered()])
      .given([projectRegistered(), tenderPublished({ priceCeiling: yuan(700_000) })])
      .when(award())
      .thenThrows('AWARD_EXCEEDS_BUDGET', 'exceeds the tender price ceiling 700,000.00 CNY of P-2024-001 by 50,000.00 CNY'));
});

describe('award: LOWEST_PRICE_ONLY (000 §四(三), 001 §二(一)) and CONTRACTOR_CONDITIONS_UNMET (000 §二(二)1–5, 002 §三(二), 004 §三(二))', () => {
  const award = (over: Record<string, unknown> = {}): ProjectCommand => ({
    type: 'AwardContractor',
    data: {
      projectId: 'P-2024-001',
      contractorUscc: CONTRACTOR,
      amount: yuan(750_000),
      awardedAt: '2024-04-01',
      evaluationMethod: 'comprehensive_scoring',
      eligibility: ELIGIBILITY,
      ...over,
    },
  });
  const withContractor = (events: ContractorEvent[], policy: PolicyPack = JILIN_2020) =>
    spec(policy, { contractor: fold(contractorDecider, events) });
  const tendered = [projectRegistered(), tenderPublished()];
  const debarment = (penaltyId: string, decidedAt: string): ContractorEvent => ({
    type: 'ContractorDebarred',
    schemaVersion: 2,
    data: { uscc: CONTRACTOR, penaltyId, contractId: 'C-0', from: decidedAt, until: decidedAt, decidedAt, grounds: 'serious_violation' },
  });
  const dishonesty = (penaltyId: string, decidedAt: string): ContractorEvent => ({
    type: 'DishonestyRecordPublished',
    schemaVersion: 2,
    data: {
      uscc: CONTRACTOR,
      penaltyId,
      contractId: 'C-0',
      violationIds: ['V-1'],
      publishedAt: decidedAt,
      decisionNumber: '长民罚〔2023〕1号',
      legalBasis: '《政府采购法》第七十七条',
      authority: { name: '长春市民政局', uscc: '11220100013544355A' },
      severity: 'serious',
      publicationMonths: 36,
      publishedFrom: decidedAt,
      publishedUntil: '2026-12-31',
    },
  });

  it("records the evaluation method and each condition's document reference", () =>
    withContractor([contractorRegistered()]).given(tendered).when(award()).then([contractorAwarded()]));
  it('lowest_price alone is refused for a purchase of services (000 §四(三): 不能简单以"价低者得")', () =>
    withContractor([contractorRegistered()])
      .given(tendered)
      .when(award({ evaluationMethod: 'lowest_price' }))
      .thenThrows('LOWEST_PRICE_ONLY', 'may not be awarded by lowest_price'));
  it('lowest_price is refused under the Inner Mongolia pack too', () =>
    withContractor([contractorRegistered()], INNER_MONGOLIA_2023)
      .given(tendered)
      .when(award({ evaluationMethod: 'lowest_price' }))
      .thenThrows('LOWEST_PRICE_ONLY'));
  for (const condition of Object.keys(ELIGIBILITY) as (keyof typeof ELIGIBILITY)[]) {
    it(`a missing ${condition} is refused, naming it`, () => {
      const { [condition]: _left, ...rest } = ELIGIBILITY;
      withContractor([contractorRegistered()])
        .given(tendered)
        .when(award({ eligibility: rest }))
        .thenThrows('CONTRACTOR_CONDITIONS_UNMET', `no evidence of eligibility.${condition} (`);
    });
  }
  it('every missing condition is named; a blank documentRef is no evidence', () =>
    withContractor([contractorRegistered()])
      .given(tendered)
      .when(award({ eligibility: { ...ELIGIBILITY, governance: { documentRef: '  ' }, civilLiability: undefined } }))
      .thenThrows(
        'CONTRACTOR_CONDITIONS_UNMET',
        'eligibility.civilLiability (独立承担民事责任的能力, 000 §二(二)2); eligibility.governance (',
      ));
  it('a debarment decided within 3 years before the award (a serious violation) is refused, even after it ended', () =>
    withContractor([contractorRegistered(), debarment('X-1', '2022-06-01')])
      .given(tendered)
      .when(award())
      .thenThrows('CONTRACTOR_CONDITIONS_UNMET', 'penalty X-1 decided 2022-06-01'));
  it('a dishonesty record published within 3 years is refused; a withdrawn (revoked) one is not', () => {
    withContractor([contractorRegistered(), dishonesty('X-2', '2023-01-10')])
      .given(tendered)
      .when(award())
      .thenThrows('CONTRACTOR_CONDITIONS_UNMET', 'penalty X-2 decided 2023-01-10');
    withContractor([
      contractorRegistered(),
      dishonesty('X-2', '2023-01-10'),
      {
        type: 'DishonestyRecordWithdrawn',
        schemaVersion: 1,
        data: { uscc: CONTRACTOR, penaltyId: 'X-2', withdrawnAt: '2023-03-01', reason: '复议撤销' },
      },
    ])
      .given(tendered)
      .when(award())
      .then([contractorAwarded()]);
  });
  it('3 years: decided exactly 3 years before the award is outside; one day later is inside', () => {
    withContractor([contractorRegistered(), debarment('X-1', '2021-04-01')])
      .given(tendered)
      .when(award())
      .then([contractorAwarded()]);
    withContractor([contractorRegistered(), debarment('X-1', '2021-04-02')])
      .given(tendered)
      .when(award())
      .thenThrows('CONTRACTOR_CONDITIONS_UNMET', 'since 2021-04-02');
  });
});
