import type { ResponseObject } from '@nestjs/swagger';
import { CONTRACTOR_KINDS } from '../../../events/common';
import { array, date, fen, instant, json, object, page, position, ref, text } from './schema';
import { FINANCIAL_REPORTS } from './reads-credit';

/**
 * What the service and state reads answer (API.md "Queries"): health, metrics, projects, contracts,
 * budgets and contractors (credit: reads-credit.ts); the main fields, not every nested one.
 */
export const STATE_READS: Record<string, Record<string, ResponseObject>> = {
  'get /health': {
    200: json(
      object(
        {
          status: { type: 'string', enum: ['ok', 'degraded'] },
          store: object({ kind: { type: 'string' }, ready: { type: 'boolean' }, head: { type: 'integer', minimum: 0 } }),
          ledger: { type: 'object' },
          projections: array({ type: 'object' }),
        },
        ['status', 'store'],
      ),
      'the store answers ("degraded": a read model stopped at an entry it cannot apply)',
    ),
    503: json(
      object({ status: { type: 'string', enum: ['unavailable', 'corrupt'] }, store: { type: 'object' } }, ['status', 'store']),
      'the store does not answer, or the self-check found a bad entry',
    ),
  },
  'get /metrics': { 200: text('Prometheus text exposition format 0.0.4') },
  'get /v1/projects/{projectId}': {
    200: json(
      object(
        {
          projectId: { type: 'string' },
          // As asked (time-view.ts describeView): a business date, or an instant given as asOf.
          asOf: {
            oneOf: [date('the business date the state is given as of'), instant('the instant the state is given as of')],
            description: 'present with ?asOf',
          },
          recordedBefore: instant('the instant the state is given as the ledger knew it then; present with ?recordedBefore'),
          position: { ...position, description: 'last ledger position folded into this state' },
          project: { type: 'object', description: 'status (registered | tendered | awarded | contracted) and the facts so far' },
          contracts: array(object({ contractId: { type: 'string' }, state: { type: 'object' } })),
        },
        ['projectId', 'position', 'project', 'contracts'],
      ),
      'the project and its contracts',
    ),
  },
  'get /v1/projects/{projectId}/history': {
    200: json(
      object({ projectId: { type: 'string' }, items: array(ref('LedgerEntry')) }),
      'every entry of the project, its contracts and penalties, in ledger order',
    ),
  },
  'get /v1/contracts/{contractId}': {
    200: json(
      object(
        {
          contractId: { type: 'string' },
          projectId: { type: 'string' },
          region: { type: 'string' },
          fiscalYear: { type: 'integer' },
          contractorUscc: { type: 'string' },
          amount: fen(),
          signedAt: date(),
          startDate: date(),
          endDate: date(),
          takeoverPlan: {
            type: 'string',
            nullable: true,
            description: '临时接管预案 (000 §四(四)3); null for contracts signed before it was recorded',
          },
          announcedAt: { ...date(), nullable: true },
          paid: fen(),
          remaining: fen(),
          status: { type: 'string', enum: ['active', 'terminated', 'completed'] },
          payments: array({ type: 'object' }),
          evaluations: array({ type: 'object' }),
          violations: array({ type: 'object' }),
          takeoverActivatedAt: { ...date(), nullable: true },
          takeoverPenaltyId: { type: 'string', nullable: true, description: 'the penalty that ordered the takeover, if one did' },
          takeoverReason: { type: 'string', nullable: true, description: "the purchaser's reason for a takeover without a penalty" },
          finalSettlement: {
            ...object({ amount: fen(), reason: { type: 'string' } }, ['amount', 'reason']),
            nullable: true,
            description: 'stated on acceptance while instalments were unpaid: what remains payable after acceptance, and why',
          },
          budgetSources: {
            ...array(
              object({ fiscalYear: { type: 'integer' }, reference: { type: 'string' }, amount: fen(), position: { type: 'integer' } }, [
                'fiscalYear',
                'reference',
                'amount',
              ]),
            ),
            description:
              'each later fiscal year its instalments fall due in, the budget source stated for it and the amount reserved there (000 §四(三)3)',
          },
        },
        ['contractId', 'projectId', 'amount', 'paid', 'status'],
      ),
      'contract state',
    ),
  },
  'get /v1/budgets/{region}/{fiscalYear}': {
    200: json(
      object({
        region: { type: 'string' },
        fiscalYear: { type: 'integer' },
        policyId: { type: 'string' },
        capRule: { type: 'string' },
        fundBaseYear: { type: 'integer' },
        fundBase: fen(),
        cap: fen(),
        reserved: fen(),
        committed: fen(),
        paid: fen(),
        released: fen(),
        remaining: { type: 'integer', description: 'fen; cap − reserved (negative when over)' },
        funds: { type: 'object' },
        byCategory: { type: 'object' },
        byPurchaser: { type: 'object' },
      }),
      'budget consumption against the cap',
    ),
  },
  'get /v1/contractors': {
    200: json(
      page(
        object({
          uscc: { type: 'string', example: '52220100MJ00000016' },
          name: { type: 'string', example: '长春市阳光社会工作服务中心' },
          kind: { type: 'string', enum: [...CONTRACTOR_KINDS], example: 'social_organization' },
          region: { type: 'string', nullable: true, example: '220102' },
          position: { ...position, description: 'ledger position of ContractorRegistered (the list is in this order)' },
          recordedAt: instant('when the ledger recorded the registration'),
          debarredOn: object(
            {
              date: date('today in China Standard Time (UTC+8)'),
              debarred: { type: 'boolean', description: 'within a debarment period not lifted' },
            },
            ['date', 'debarred'],
          ),
          financialReports: FINANCIAL_REPORTS,
        }),
        'opaque cursor: pass it as ?after= for the next page (an empty page gives back the cursor it was asked for)',
      ),
      'registered contractors after the cursor, in registration order',
    ),
  },
};
