import type { LedgerEvent } from '../../events';
import type { Projection } from '../projection';

/**
 * The credit change feed (API.md GET /v1/credit/feed): one row per credit-relevant entry, in
 * ledger order, with an allow-listed public view of the event. Rows `feed:<position>` (zero
 * padded); `contract:<id>` rows map a contract to its contractor for evaluations, which name
 * only the contract.
 */
export interface CreditFeedRow {
  readonly kind: 'feed';
  readonly position: number;
  readonly recordedAt: string;
  readonly type: string;
  readonly uscc: string;
  readonly leafHash: string;
  readonly data: Record<string, unknown>;
}

interface ContractLink {
  readonly kind: 'contract';
  readonly uscc: string;
}

type Row = CreditFeedRow | ContractLink;

/** Rows sort by key in ledger order; the contractor rides in the key, since `apply` cannot look it up. */
export const feedKey = (position: number, uscc: string): string => `feed:${String(position).padStart(12, '0')}|${uscc}`;

/** The contractor and the public view of a credit-relevant event; null for any other event. */
function creditView(ev: LedgerEvent, contractUscc: (contractId: string) => string | null): { uscc: string; data: Record<string, unknown> } | null {
  switch (ev.type) {
    case 'ContractorRegistered':
      return { uscc: ev.data.uscc, data: { name: ev.data.name, kind: ev.data.kind } };
    case 'ContractSigned':
      return { uscc: ev.data.contractorUscc, data: { contractId: ev.data.contractId, projectId: ev.data.projectId, amount: ev.data.amount, signedAt: ev.data.signedAt } };
    case 'PerformanceEvaluated': {
      const uscc = contractUscc(ev.data.contractId);
      return uscc ? { uscc, data: { contractId: ev.data.contractId, evaluationId: ev.data.evaluationId, evaluator: ev.data.evaluator, score: ev.data.score, evaluatedAt: ev.data.evaluatedAt } } : null;
    }
    case 'ViolationRecorded':
      return { uscc: ev.data.contractorUscc, data: { contractId: ev.data.contractId, violationId: ev.data.violationId, kind: ev.data.kind, severity: ev.data.severity, occurredAt: ev.data.occurredAt } };
    case 'PenaltyImposed':
      return {
        uscc: ev.data.contractorUscc,
        data: {
          penaltyId: ev.data.penaltyId, contractId: ev.data.contractId, decidedAt: ev.data.decidedAt, authority: ev.data.authority,
          ...(ev.data.fine !== undefined ? { fine: ev.data.fine } : {}), terminateContract: ev.data.terminateContract,
          ...(ev.data.debarment ? { debarment: { from: ev.data.debarment.from, until: ev.data.debarment.until } } : {}),
          publishDishonestyRecord: ev.data.publishDishonestyRecord,
        },
      };
    case 'PenaltyRevoked':
      return { uscc: ev.data.contractorUscc, data: { penaltyId: ev.data.penaltyId, decidedAt: ev.data.decidedAt } };
    case 'ContractorDebarred':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, from: ev.data.from, until: ev.data.until } };
    case 'DebarmentLifted':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, liftedAt: ev.data.liftedAt } };
    case 'DishonestyRecordPublished':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, contractId: ev.data.contractId, publishedAt: ev.data.publishedAt } };
    case 'DishonestyRecordWithdrawn':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, withdrawnAt: ev.data.withdrawnAt } };
    case 'CreditRepaired':
      return { uscc: ev.data.uscc, data: { repairedAt: ev.data.repairedAt, penaltyIds: [...ev.data.penaltyIds] } };
    default:
      return null;
  }
}

export const creditFeed: Projection<Row> = {
  name: 'credit_feed',
  version: 1,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    position: { type: 'integer', of: (r) => (r.kind === 'feed' ? r.position : null) },
  },
  keysOf(e, get) {
    const ev = e.event;
    const link = (id: string): string | null => {
      const row = get(`contract:${id}`);
      return row?.kind === 'contract' ? row.uscc : null;
    };
    const view = creditView(ev, link);
    const keys = view ? [feedKey(e.position, view.uscc)] : [];
    return ev.type === 'ContractSigned' ? [`contract:${ev.data.contractId}`, ...keys] : keys;
  },
  apply(row, e, key) {
    const ev = e.event;
    if (key.startsWith('contract:')) return ev.type === 'ContractSigned' ? { kind: 'contract', uscc: ev.data.contractorUscc } : row;
    const view = creditView(ev, () => key.slice(key.indexOf('|') + 1));
    if (!view) return row;
    return { kind: 'feed', position: e.position, recordedAt: e.recordedAt, type: ev.type, uscc: view.uscc, leafHash: e.leafHash, data: view.data };
  },
};
