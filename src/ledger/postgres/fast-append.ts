import { ClientBase, DatabaseError, QueryConfig } from 'pg';
import { BatchPlan, BatchState, CommitRequest, planBatch } from '../append-plan';
import { entryValues } from '../rows';
import { nextFrontier, nodesOnAppend, StoredNode } from '../tree/merkle';

/**
 * The one-round-trip append of the PostgreSQL writer. The writer remembers the head and Merkle frontier
 * its last commit left; a batch is planned against them, against the stream versions its writes expect
 * and with none of its event ids or idempotency keys stored, and goes to the server as one call of
 * ledger_append (migrations 6 and 7), which checks all of that under the head's lock (the stream versions by
 * lookup, the event ids and keys by their UNIQUE indexes as it inserts them) and writes the entries,
 * private parts, erasures, claims, tree nodes and head in one autocommitted, durable statement. When an
 * assumption does not hold (another process wrote, a stale expected version, a retry), nothing is written
 * and the writer takes the two-round-trip path (batch-sql.ts), which reads the state first.
 */

/** ledger_append's refusal of a plan whose stream versions no longer hold (migration 6). */
const STALE_PLAN = 'LDG01';
/**
 * The keys that refuse an event id or idempotency key already stored (migration 7: the call leaves their lookups to
 * them). Any other unique_violation is not a stale plan and is thrown as it is.
 */
const STORED_KEYS = new Set(['ledger_entries_event_id_key', 'ledger_idempotency_pkey']);
const UNIQUE_VIOLATION = '23505';

/** Whether the call was refused for a plan made on a state that no longer holds (nothing was written). */
const stalePlan = (error: unknown): boolean =>
  error instanceof DatabaseError &&
  (error.code === STALE_PLAN || (error.code === UNIQUE_VIOLATION && STORED_KEYS.has(error.constraint ?? '')));

/** What the writer's last commit left: valid for as long as nobody else has written. */
export interface WriterTip {
  readonly position: number;
  readonly recordedAt: string | null;
  readonly frontier: ReadonlyMap<string, Buffer>;
}

/** The state a batch is planned against on the fast path, or null when a write expects 'any' (only a read can tell). */
export function assumedState(requests: readonly CommitRequest[], tip: WriterTip): BatchState | null {
  const versions = new Map<string, number>();
  for (const w of requests.flatMap((r) => r.writes)) {
    if (versions.has(w.streamId)) continue;
    if (w.expectedVersion === 'any') return null;
    versions.set(w.streamId, w.expectedVersion === 'no_stream' ? 0 : w.expectedVersion);
  }
  return { tip: { position: tip.position, recordedAt: tip.recordedAt }, versions, existing: new Map(), claims: new Map() };
}

/** A plan is sent on the fast path only if every commit of it went through: a refusal is decided on read state. */
export const fastPathable = (plan: BatchPlan): boolean => plan.rows.length > 0 && plan.outcomes.every((o) => o.ok && !o.replayed);

/** The Merkle nodes the plan's leaves complete, from the frontier at `size`. */
export function treeNodesOf(size: number, frontier: ReadonlyMap<string, Buffer>, plan: BatchPlan): StoredNode[] {
  return nodesOnAppend(
    size,
    frontier,
    plan.rows.map((r) => Buffer.from(r.entry.leafHash, 'base64')),
  );
}

/** The tip after the plan is committed. */
export function tipAfter(before: WriterTip, plan: BatchPlan, nodes: readonly StoredNode[]): WriterTip {
  return {
    position: plan.tip.position,
    recordedAt: plan.tip.recordedAt,
    frontier: nextFrontier(before.frontier, nodes, plan.tip.position),
  };
}

/** The ledger_append call for a plan made on assumedState: a named statement, parsed once per connection. */
export function fastAppendQuery(state: BatchState, plan: BatchPlan, nodes: readonly StoredNode[]): QueryConfig {
  const entries = plan.rows.map(entryValues);
  const column = <T>(i: number): T[] => entries.map((e) => e[i] as T);
  const priv = plan.rows.filter((r) => r.privateJson !== undefined);
  const values: unknown[] = [
    state.tip.position,
    [...state.versions.keys()],
    [...state.versions.values()],
    // p_event_ids, p_scopes, p_keys left empty: their UNIQUE keys refuse a stored one as it is inserted (migration 7).
    [],
    [],
    [],
    ...Array.from({ length: 12 }, (_, i) => column(i)),
    priv.map((r) => r.entry.position),
    priv.map((r) => r.entry.privateSalt!),
    priv.map((r) => r.privateJson!),
    plan.erased,
    plan.claims.map((c) => c.claim.scope),
    plan.claims.map((c) => c.claim.key),
    plan.claims.map((c) => c.claim.requestHash),
    plan.claims.map((c) => c.firstPosition),
    plan.claims.map((c) => c.lastPosition),
    nodes.map((n) => n.level),
    nodes.map((n) => n.index),
    nodes.map((n) => n.hash),
    plan.tip.position,
    plan.tip.recordedAt,
  ];
  const params = values.map((_, i) => `$${i + 1}`).join(',');
  return { name: 'ledger-append', text: `SELECT ledger_append(${params}) AS ok`, values };
}

/** The batch planned and committed on the writer's tip in one round trip, or null when it must read first (nothing written). */
export async function tryFastAppend(
  client: ClientBase,
  requests: readonly CommitRequest[],
  tip: WriterTip,
  clock: () => Date,
): Promise<{ plan: BatchPlan; tip: WriterTip } | null> {
  const assumed = assumedState(requests, tip);
  if (!assumed) return null;
  const plan = planBatch(requests, assumed, clock());
  if (!fastPathable(plan)) return null;
  const nodes = treeNodesOf(tip.position, tip.frontier, plan);
  try {
    const res = await client.query<{ ok: boolean }>(fastAppendQuery(assumed, plan, nodes));
    return res.rows[0].ok ? { plan, tip: tipAfter(tip, plan, nodes) } : null;
  } catch (error) {
    if (stalePlan(error)) return null;
    throw error;
  }
}
