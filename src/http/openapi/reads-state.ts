import type { ResponseObject } from '@nestjs/swagger';
import { CONTRACTOR_KINDS } from '../../../events/common';
import { array, date, fen, instant, json, object, page, position, ref, text } from './schema';

const PAIR = 'opaque cursor: pass it as ?after= for the next page';

/**
 * What the service and state reads answer (API.md "Queries"): health, metrics, projects, contracts,
 * budgets and credit; the main fields, not every nested one.
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
          asOf: instant('the instant the state is given as of (absent: now)'),
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
          announcedAt: { ...date(), nullable: true },
          paid: fen(),
          remaining: fen(),
          status: { type: 'string', enum: ['active', 'terminated', 'completed'] },
          payments: array({ type: 'object' }),
          evaluations: array({ type: 'object' }),
          violations: array({ type: 'object' }),
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
        }),
        'opaque cursor: pass it as ?after= for the next page (an empty page gives back the cursor it was asked for)',
      ),
      'registered contractors after the cursor, in registration order',
    ),
  },
  'get /v1/credit/contractors/{uscc}': {
    200: json(
      object(
        {
          uscc: { type: 'string' },
          name: { type: 'string' },
          contractorKind: { type: 'string' },
          region: { type: 'string', nullable: true },
          contracts: array({ type: 'object' }),
          contractsValue: fen(),
          evaluations: array({ type: 'object' }),
          averageScore: { type: 'number', nullable: true },
          violations: array({ type: 'object' }),
          penalties: array({ type: 'object' }),
          debarments: array(
            object({ penaltyId: { type: 'string' }, from: date(), until: date(), lifted: { type: 'boolean' } }, [
              'penaltyId',
              'from',
              'until',
              'lifted',
            ]),
          ),
          dishonestyRecords: array(
            object(
              {
                penaltyId: { type: 'string' },
                contractId: { type: 'string' },
                publishedAt: date(),
                publishedFrom: date(),
                publishedUntil: {
                  ...date(),
                  nullable: true,
                  description: '公示截止期, inclusive; null for records published before periods were recorded',
                },
                status: {
                  type: 'string',
                  enum: ['published', 'withdrawn', 'repaired', 'expired'],
                  description: 'as of today: expired from the day after publishedUntil; repaired records are shown to auditors only',
                },
                endedOn: { ...date(), nullable: true, description: 'the first day no longer in force by a recorded end' },
                history: array(object({ status: { type: 'string' }, on: date(), position }, ['status', 'on', 'position'])),
              },
              ['penaltyId', 'publishedAt', 'publishedFrom', 'publishedUntil', 'status', 'endedOn', 'history'],
            ),
          ),
          debarredOn: object({ date: date(), debarred: { type: 'boolean' } }),
          position,
        },
        ['uscc', 'name', 'contracts', 'debarments', 'dishonestyRecords', 'debarredOn'],
      ),
      "the contractor's credit record",
    ),
  },
  'get /v1/credit/dishonesty': {
    200: json(
      object(
        {
          asOf: date(),
          items: array(
            object(
              {
                penaltyId: { type: 'string' },
                uscc: { type: 'string' },
                name: { type: 'string', nullable: true, description: "the contractor's registered name" },
                contractId: { type: 'string' },
                violationIds: array({ type: 'string' }),
                decisionNumber: {
                  type: 'string',
                  nullable: true,
                  description: '行政处罚决定书文号 (null: not recorded by an older entry)',
                },
                legalBasis: { type: 'string', nullable: true },
                authority: {
                  ...object({ name: { type: 'string' }, uscc: { type: 'string', nullable: true } }, ['name', 'uscc']),
                  nullable: true,
                },
                severity: { type: 'string', enum: ['minor', 'general', 'serious'], nullable: true },
                publishedAt: date(),
                publishedFrom: date(),
                publishedUntil: { ...date(), nullable: true },
                status: { type: 'string', enum: ['published', 'withdrawn', 'expired'], description: "the record's status on asOf (a record in force that day is published then)" },
                endedOn: { ...date(), nullable: true },
                position,
              },
              [
                'penaltyId',
                'uscc',
                'name',
                'decisionNumber',
                'legalBasis',
                'authority',
                'severity',
                'publishedFrom',
                'publishedUntil',
                'status',
                'position',
              ],
            ),
          ),
          nextCursor: { type: 'string', description: PAIR },
        },
        ['asOf', 'items', 'nextCursor'],
      ),
      'dishonesty records in force on that date (published from publishedFrom to publishedUntil, not ended), in publication order; repaired records are in no list',
    ),
  },
  'get /v1/credit/feed': {
    200: {
      description:
        'a page of credit-relevant entries; with Accept: text/event-stream a live SSE stream (`id:` = cursor, `event:` = entry type, `data:` = the item as JSON; resume with Last-Event-ID)',
      content: {
        'application/json': { schema: page(ref('CreditFeedItem'), PAIR) },
        'text/event-stream': {
          schema: { type: 'string', example: 'id: cjoxOjE\nevent: ContractorDebarred\ndata: {"position":1,...}\n\n' },
        },
      },
    },
  },
};
