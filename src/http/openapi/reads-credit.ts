import type { ResponseObject } from '@nestjs/swagger';
import { array, date, fen, json, object, page, position, ref } from './schema';

const PAIR = 'opaque cursor: pass it as ?after= for the next page';

/** A filed annual financial report and its CPA audit (000 §四(四)2, 002 §四(三)); the contractors list shows them too. */
export const FINANCIAL_REPORTS = array(
  object(
    {
      year: { type: 'integer', example: 2024, description: 'the financial year the report covers' },
      auditFirm: { type: 'string', example: '吉林正信会计师事务所有限公司' },
      reportNumber: { type: 'string', example: '吉正会审字〔2025〕第0123号' },
      auditedOn: date(),
      position,
    },
    ['year', 'auditFirm', 'reportNumber', 'auditedOn', 'position'],
  ),
);

/** What the credit reads answer (API.md "Queries"): the credit record, the dishonesty list and the feed. */
export const CREDIT_READS: Record<string, Record<string, ResponseObject>> = {
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
          penalties: array(
            object(
              {
                penaltyId: { type: 'string' },
                contractId: { type: 'string' },
                decidedAt: date(),
                decisionNumber: {
                  type: 'string',
                  nullable: true,
                  description: '行政处罚决定书文号 (null: not recorded by an older entry)',
                },
                legalBasis: { type: 'string', nullable: true },
                severity: { type: 'string', enum: ['minor', 'general', 'serious'], nullable: true },
                authority: object({ name: { type: 'string' }, uscc: { type: 'string', nullable: true } }, ['name', 'uscc']),
                publishedFrom: { ...date(), nullable: true, description: 'null: not published (minor) or an older entry' },
                publishedUntil: { ...date(), nullable: true, description: '公示截止期, inclusive' },
                status: { type: 'string', enum: ['imposed', 'revoked'] },
              },
              ['penaltyId', 'contractId', 'decidedAt', 'authority', 'status'],
            ),
          ),
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
          financialReports: FINANCIAL_REPORTS,
          position,
        },
        ['uscc', 'name', 'contracts', 'debarments', 'dishonestyRecords', 'debarredOn', 'financialReports'],
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
                status: {
                  type: 'string',
                  enum: ['published', 'withdrawn', 'expired'],
                  description: "the record's status on asOf (a record in force that day is published then)",
                },
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
