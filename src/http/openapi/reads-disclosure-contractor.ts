import type { ResponseObject, SchemaObject } from '@nestjs/swagger';
import { CONTRACTOR_KINDS } from '../../../events/common';
import { array, date, fen, json, object, position } from './schema';

const OF_CONTRACT = { projectId: { type: 'string' }, contractId: { type: 'string' } } as const;
const DECISION_NUMBER: SchemaObject = {
  type: 'string',
  nullable: true,
  description: '行政处罚决定书文号; null for a penalty recorded before the ledger kept it',
};

/** GET /v1/disclosure/contractors/:uscc (src/disclosure/queries/contractor-view.ts): the main fields, not every nested one. */
export const DISCLOSURE_CONTRACTOR_READS: Record<string, Record<string, ResponseObject>> = {
  'get /v1/disclosure/contractors/{uscc}': {
    200: json(
      object(
        {
          uscc: { type: 'string' },
          name: { type: 'string' },
          kind: { type: 'string', enum: [...CONTRACTOR_KINDS] },
          region: { type: 'string', nullable: true },
          awards: array(
            object({
              projectId: { type: 'string' },
              title: { type: 'string' },
              purchaser: object({ code: { type: 'string' }, name: { type: 'string' } }),
              region: { type: 'string' },
              fiscalYear: { type: 'integer' },
              category: { type: 'string' },
              amount: fen('the award amount'),
              awardedAt: date(),
              position,
            }),
          ),
          awardsTotal: { type: 'integer', minimum: 0, description: 'projects awarded in all; awards lists the newest 100' },
          contracts: array(
            object(
              {
                ...OF_CONTRACT,
                terms: { type: 'object' },
                announcement: { type: 'object' },
                payments: { type: 'object' },
                outcome: { type: 'object' },
              },
              ['projectId', 'contractId', 'terms', 'announcement', 'payments', 'outcome'],
            ),
          ),
          evaluations: array(
            object(
              {
                ...OF_CONTRACT,
                evaluationId: { type: 'string' },
                score: { type: 'number' },
                grade: { type: 'string', nullable: true },
                position,
              },
              ['projectId', 'contractId', 'evaluationId', 'score', 'grade', 'position'],
            ),
          ),
          penalties: array(
            object({
              ...OF_CONTRACT,
              penaltyId: { type: 'string' },
              decisionNumber: DECISION_NUMBER,
              decidedAt: date(),
              status: { type: 'string', enum: ['imposed', 'revoked'] },
              position,
            }),
          ),
          dishonestyRecords: array(
            object(
              {
                ...OF_CONTRACT,
                penaltyId: { type: 'string' },
                decisionNumber: DECISION_NUMBER,
                publishedFrom: date(),
                publishedUntil: { ...date('inclusive last day of publication'), nullable: true },
                status: { type: 'string', enum: ['published', 'withdrawn'] },
                position,
              },
              ['projectId', 'contractId', 'penaltyId', 'decisionNumber', 'publishedFrom', 'publishedUntil', 'status', 'position'],
            ),
          ),
        },
        ['uscc', 'name', 'kind', 'region', 'awards', 'awardsTotal', 'contracts', 'evaluations', 'penalties', 'dishonestyRecords'],
      ),
      'the contractor as the public sees it: registered identity and the disclosed facts of the projects awarded to it (announced contracts only; dishonesty records whose publication has ended are left out)',
    ),
  },
};
