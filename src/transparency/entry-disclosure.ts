import type { FastifyRequest as Request } from 'fastify';
import { StreamIds } from '../../events/streams';
import type { ApiKeyRecord } from '../config/config';
import type { EntryEnvelope, EventStore, LedgerEntry } from '../ledger/event-store.port';
import { authenticate } from '../http/auth';

/** Facts the rules make public whenever they exist (000 §四(二)(三)4(四)1(五)1). */
const ALWAYS_PUBLIC = new Set([
  'ProjectRegistered',
  'TenderPublished',
  'ContractorAwarded',
  'ContractAnnounced',
  'PenaltyImposed',
  'PenaltyRevoked',
  'ContractTerminated',
  'TakeoverActivated',
  'ContractorDebarred',
  'DebarmentLifted',
  'DishonestyRecordPublished',
  'DishonestyRecordWithdrawn',
  'CreditRepaired',
  'CreditPublicationEnded',
  'DecisionNumberIssued',
]);
/** Facts of a contract, public once the contract is announced. */
const PUBLIC_WHEN_ANNOUNCED = new Set(['ContractSigned', 'PaymentMade', 'PerformanceEvaluated', 'ContractCompleted']);

/** The public envelope: exactly what the leaf hash covers, without the private part. */
export function publicEnvelope(e: LedgerEntry): EntryEnvelope & { leafHash: string } {
  const { private: _p, privateSalt: _s, ...envelope } = e;
  return envelope;
}

/**
 * Which entries anyone may read, per request (it asks the store once per contract). Envelopes never
 * hold personal data or private notes (those are the private part), so what keeps an entry from the
 * public is its contract: not announced yet, its data is sealed (DOMAIN.md "Disclosure": never
 * contracts not yet announced).
 */
export class EntryDisclosure {
  private readonly announced = new Map<string, Promise<boolean>>();

  constructor(private readonly store: EventStore) {}

  /** What the proof bundle shows anyone: the facts a disclosure view shows (each names its position). */
  async isPublic(entry: LedgerEntry): Promise<boolean> {
    if (ALWAYS_PUBLIC.has(entry.type)) return true;
    if (!PUBLIC_WHEN_ANNOUNCED.has(entry.type)) return false;
    const contractId = entry.data.contractId;
    return typeof contractId === 'string' && this.isAnnounced(contractId);
  }

  /**
   * Sealed (tlog-tiles entry bundles: auditors only): an entry of a contract not announced yet, but for
   * the facts the rules make public whenever they exist (a penalty, a debarment of that contract).
   */
  async isSealed(entry: LedgerEntry): Promise<boolean> {
    if (ALWAYS_PUBLIC.has(entry.type)) return false;
    const contractId = entry.data.contractId;
    return typeof contractId === 'string' && !(await this.isAnnounced(contractId));
  }

  private isAnnounced(contractId: string): Promise<boolean> {
    let announced = this.announced.get(contractId);
    if (!announced) {
      announced = this.store
        .readStream(StreamIds.contract(contractId))
        .then((events) => events.some((e) => e.type === 'ContractAnnounced'));
      this.announced.set(contractId, announced);
    }
    return announced;
  }
}

/** The key the request presents: null without an Authorization header, undefined if the key is not known. */
export function presentedKey(req: Request, keys: readonly ApiKeyRecord[]): ApiKeyRecord | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const m = /^Bearer ([^\s]+)$/.exec(header);
  return m ? authenticate(keys, m[1]) : undefined;
}

/** Auditors (and admins) read sealed entries. */
export const readsSealed = (key: ApiKeyRecord | null | undefined): boolean => key?.role === 'auditor' || key?.role === 'admin';
