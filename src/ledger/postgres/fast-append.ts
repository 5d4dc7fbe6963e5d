import { ClientBase, DatabaseError, QueryConfig } from 'pg';
import { BatchPlan, BatchState, CommitRequest, planBatch } from '../append-plan';
import { ENTRY_INSERT_COLUMNS, entryValues } from '../rows';
import { nextFrontier, nodesOnAppend, StoredNode } from '../tree/merkle';
import { nodesByLeaf } from '../tree/leaf-nodes';
import { byteaArray, int4Array, int8Array, textArray } from './binary-array';
import { APPEND_CHANNEL, APPEND_LOCK } from './migrations';

/**
 * The one-round-trip append of the PostgreSQL writer. The writer remembers the head, Merkle frontier and
 * stream versions its last commits left; a batch is planned against them (a stream it does not know at
 * the version its write expects) and with none of its event ids or idempotency keys stored, and goes to
 * the server as one statement: a plan of one entry and nothing else as an INSERT (ENTRY_INSERT), any
 * other as a call of ledger_commit (migration 8; ledger_commit_entry, migration 9, for one entry; both as
 * migration 10 guards them). The server checks all of that, holding the append lock shared: the head first
 * (the last entry is p_size), which holds only if nobody else has written since (and so the versions the
 * writer knows still hold), the versions of the other streams by lookup, the event ids and keys, and the
 * position should another take it meanwhile, by their UNIQUE indexes as it inserts them. It writes the entries with their Merkle nodes, private
 * parts, erasures and claims in one autocommitted, durable statement. When an assumption does not hold
 * (another process wrote, a stale expected version, a retry), nothing is written and the writer takes the
 * two-round-trip path (batch-sql.ts), which reads the state first.
 */

/** ledger_commit's refusal of a plan whose stream versions no longer hold (migrations 6 and 8). */
const STALE_PLAN = 'LDG01';
/**
 * Two appends that both found the head in place wait on each other's keys (possible only where the UNIQUE indexes are not
 * checked primary key first, as after a restore that recreated them in another order): the server rolls one back.
 */
const DEADLOCK = '40P01';
/**
 * The keys that refuse what a plan took to be free: an event id or idempotency key already stored (migrations 7 to 9 leave
 * their lookups to them), the next position or a stream version another process took first (after the guard of migration
 * 10 and ENTRY_INSERT found the head in place). Any other unique_violation is not a stale plan and is thrown as it is.
 */
const STALE_KEYS = new Set([
  'ledger_entries_event_id_key',
  'ledger_idempotency_pkey',
  'ledger_entries_pkey',
  'ledger_entries_stream_id_stream_version_key',
]);
const UNIQUE_VIOLATION = '23505';

/** Whether the call was refused for a plan made on a state that no longer holds (nothing was written). */
const stalePlan = (error: unknown): boolean =>
  error instanceof DatabaseError &&
  (error.code === STALE_PLAN || error.code === DEADLOCK || (error.code === UNIQUE_VIOLATION && STALE_KEYS.has(error.constraint ?? '')));

/** How many stream versions a writer remembers, the most recently planned on or written (with ids of 60 characters, about 1 MB). */
export const KNOWN_STREAMS = 10_000;

/**
 * What the writer's last commit left: valid for as long as nobody else has written and its connection holds (the store
 * drops it with the connection).
 */
export interface WriterTip {
  readonly position: number;
  readonly recordedAt: string | null;
  readonly frontier: ReadonlyMap<string, Buffer>;
  /**
   * The versions of streams this writer wrote, or read under the append lock, since it last lost track of the head:
   * exact for as long as the head is at `position`, which ledger_commit checks first, so the server need not look them
   * up again. Owned by the writer and updated in place once a batch has committed (tipAfter); a failed batch drops it.
   */
  readonly versions: Map<string, number>;
}

/** A batch's state on the fast path, and the versions among it the server must check (streams the writer does not know). */
export interface AssumedState {
  readonly state: BatchState;
  readonly check: ReadonlyMap<string, number>;
}

/**
 * The state a batch is planned against on the fast path: known streams at their known versions, the others at the
 * versions the writes expect, for the server to check; null when a write expects 'any' of a stream the writer does
 * not know (only a read can tell).
 */
export function assumedState(requests: readonly CommitRequest[], tip: WriterTip): AssumedState | null {
  const versions = new Map<string, number>();
  const check = new Map<string, number>();
  for (const w of requests.flatMap((r) => r.writes)) {
    if (versions.has(w.streamId)) continue;
    const known = tip.versions.get(w.streamId);
    if (known !== undefined) {
      versions.set(w.streamId, known);
      continue;
    }
    if (w.expectedVersion === 'any') return null;
    const expected = w.expectedVersion === 'no_stream' ? 0 : w.expectedVersion;
    versions.set(w.streamId, expected);
    check.set(w.streamId, expected);
  }
  return {
    state: { tip: { position: tip.position, recordedAt: tip.recordedAt }, versions, existing: new Map(), claims: new Map() },
    check,
  };
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

/**
 * The tip after the plan, planned on `state`, is committed: the stream versions it was planned on (all checked now)
 * and those it wrote join the writer's known versions, most recent last, the oldest forgotten past KNOWN_STREAMS.
 */
export function tipAfter(before: WriterTip, state: BatchState, plan: BatchPlan, nodes: readonly StoredNode[]): WriterTip {
  const known = before.versions;
  const learn = (streamId: string, version: number): void => {
    known.delete(streamId);
    known.set(streamId, version);
  };
  for (const [streamId, version] of state.versions) learn(streamId, version);
  for (const o of plan.outcomes) if (o.ok && !o.replayed) for (const s of o.result.streams) learn(s.streamId, s.version);
  for (const streamId of known.keys()) {
    if (known.size <= KNOWN_STREAMS) break;
    known.delete(streamId);
  }
  return {
    position: plan.tip.position,
    recordedAt: plan.tip.recordedAt,
    frontier: nextFrontier(before.frontier, nodes, plan.tip.position),
    versions: known,
  };
}

/**
 * The one-round-trip statement for a plan made on assumedState, named, so parsed once per connection. A plan of one entry
 * goes as scalars, as ENTRY_INSERT if it has nothing else, else to ledger_commit_entry (migration 9); any other to
 * ledger_commit, each column a binary array. `check`: the stream versions the server must look up (assumedState's).
 */
export function fastAppendQuery(
  state: BatchState,
  plan: BatchPlan,
  nodes: readonly StoredNode[],
  check: ReadonlyMap<string, number>,
): QueryConfig {
  return plan.rows.length === 1 ? entryCommitQuery(state, plan, nodes, check) : batchCommitQuery(state, plan, nodes, check);
}

/**
 * The commonest plan, one entry and nothing else (no stream version to check, private part, claim or erasure), as one
 * INSERT instead of a call of ledger_commit_entry: migration 10's guard and lock inline, the NOTIFY in the same subquery,
 * whose WHERE runs first. It inserts one row, or none (and neither locks nor notifies) if the head is not at p_size;
 * should another process take p_size + 1 between that check and the insert (the guard runs before the lock here), the
 * primary key refuses it. The NOTIFY then goes with the row or with nothing only while no BEFORE INSERT trigger on
 * ledger_entries can drop a row and the INSERT has no ON CONFLICT. Without a function call and its result row, replayed
 * appends took 213-233 µs against 246-285 µs for the call (issue 18).
 */
const ENTRY_INSERT = `INSERT INTO ledger_entries (${ENTRY_INSERT_COLUMNS}, tree_nodes)
  SELECT $1::bigint + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
    FROM (SELECT pg_advisory_xact_lock_shared(${APPEND_LOCK}), pg_notify('${APPEND_CHANNEL}', ($1::bigint + 1)::text)
           WHERE (SELECT coalesce(max(position), 0) FROM ledger_entries) = $1::bigint) AS guard`;

const call = (name: string, fn: string, values: unknown[]): QueryConfig => ({
  name,
  text: `SELECT ${fn}(${values.map((_, i) => `$${i + 1}`).join(',')}) AS ok`,
  values,
});

/** ledger_commit (migration 8): any plan, each column of its entries, private parts and claims as a binary array. */
export function batchCommitQuery(
  state: BatchState,
  plan: BatchPlan,
  nodes: readonly StoredNode[],
  check: ReadonlyMap<string, number>,
): QueryConfig {
  const entries = plan.rows.map(entryValues);
  const ints = (i: number): number[] => entries.map((e) => e[i] as number);
  const texts = (i: number): (string | null)[] => entries.map((e) => e[i] as string | null);
  const priv = plan.rows.filter((r) => r.privateJson !== undefined);
  return call('ledger-commit', 'ledger_commit', [
    state.tip.position,
    textArray([...check.keys()]),
    int4Array([...check.values()]),
    // entryValues' columns: position, stream id, stream version, event id, type, schema version, then six texts.
    int8Array(ints(0)),
    textArray(texts(1)),
    int4Array(ints(2)),
    textArray(texts(3)),
    textArray(texts(4)),
    int4Array(ints(5)),
    ...[6, 7, 8, 9, 10, 11].map((i) => textArray(texts(i))),
    // Each entry's Merkle nodes in its row (migration 8).
    byteaArray(nodesByLeaf(state.tip.position, plan.rows.length, nodes)),
    int8Array(priv.map((r) => r.entry.position)),
    textArray(priv.map((r) => r.entry.privateSalt!)),
    textArray(priv.map((r) => r.privateJson!)),
    int8Array(plan.erased),
    textArray(plan.claims.map((c) => c.claim.scope)),
    textArray(plan.claims.map((c) => c.claim.key)),
    textArray(plan.claims.map((c) => c.claim.requestHash)),
    int8Array(plan.claims.map((c) => c.firstPosition)),
    int8Array(plan.claims.map((c) => c.lastPosition)),
    plan.tip.position,
    plan.tip.recordedAt,
  ]);
}

/**
 * A plan of one entry, which the server puts at the head's next position: ENTRY_INSERT, or ledger_commit_entry (migration
 * 9) with its private part, its commit's claim, its erasures or the stream versions to check.
 */
export function entryCommitQuery(
  state: BatchState,
  plan: BatchPlan,
  nodes: readonly StoredNode[],
  check: ReadonlyMap<string, number>,
): QueryConfig {
  const [row] = plan.rows;
  const [position, ...columns] = entryValues(row);
  const claims = plan.claims.filter((c) => c.firstPosition === position && c.lastPosition === position);
  if (plan.rows.length !== 1 || position !== state.tip.position + 1 || claims.length !== plan.claims.length || claims.length > 1)
    throw new Error(`not a plan of one entry at ${state.tip.position + 1}`);
  const claim = claims[0]?.claim;
  const treeNodes = nodesByLeaf(state.tip.position, 1, nodes)[0];
  if (check.size === 0 && row.privateJson === undefined && plan.erased.length === 0 && claim === undefined)
    return { name: 'ledger-insert-entry', text: ENTRY_INSERT, values: [state.tip.position, ...columns, treeNodes] };
  return call('ledger-commit-entry', 'ledger_commit_entry', [
    state.tip.position,
    textArray([...check.keys()]),
    int4Array([...check.values()]),
    ...columns,
    treeNodes,
    row.entry.privateSalt ?? null,
    row.privateJson ?? null,
    int8Array(plan.erased),
    claim?.scope ?? null,
    claim?.key ?? null,
    claim?.requestHash ?? null,
  ]);
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
  const { state, check } = assumed;
  const plan = planBatch(requests, state, clock());
  if (!fastPathable(plan)) return null;
  const nodes = treeNodesOf(tip.position, tip.frontier, plan);
  let query: QueryConfig;
  try {
    query = fastAppendQuery(state, plan, nodes, check);
  } catch (error) {
    // A number the binary arrays cannot hold (an expected version past 2^31 - 1, which no stream has): the read path
    // answers it with the stream's real version. Nothing was sent; the connection is as it was.
    if (error instanceof RangeError) return null;
    throw error;
  }
  try {
    const res = await client.query<{ ok: boolean }>(query);
    // ENTRY_INSERT reports the row it inserted (none if the head was not in place); a function, whether it committed.
    const committed = res.command === 'INSERT' ? res.rowCount === 1 : res.rows[0].ok;
    return committed ? { plan, tip: tipAfter(tip, state, plan, nodes) } : null;
  } catch (error) {
    if (stalePlan(error)) return null;
    throw error;
  }
}
