import type { ClientBase, QueryResult } from 'pg';
import { BatchPlan, BatchState, CommitRequest, keysOf, planBatch, StoredEntry } from '../append-plan';
import { tipAfter, treeNodesOf, WriterTip } from './fast-append';
import {
  CLAIM_SELECT,
  ClaimRow,
  claimRowsToClaims,
  ENTRY_INSERT_COLUMNS,
  entryValues,
  rowToStored,
  STORED_SELECT,
  StoredRow,
} from '../rows';
import { frontierOf, nodeKey, StoredNode } from '../tree/merkle';
import { nodesByLeaf } from '../tree/leaf-nodes';
import { nodeHashSql } from './tree-sql';
import { APPEND_CHANNEL, APPEND_LOCK } from './migrations';

/**
 * The SQL of one PostgreSQL group commit, in two round trips: (1) BEGIN, take the append lock
 * exclusively (migration 10: every other append waits until COMMIT), read the head, the stream
 * versions, any stored event ids and claims, and the Merkle frontier; (2) insert, notify, COMMIT.
 * Multi-statement queries take no bind parameters, so values go in as escaped literals
 * (escapeLiteral, integers checked): ids and types are pattern-checked, JSON is canonical text.
 */

/** The connection's escapeLiteral, with NULL for null. */
export type Literal = (v: string | null) => string;

export interface TreeNodeRow {
  level: number;
  idx: number;
  /** Null for a node nowhere stored. */
  hash: Buffer | null;
}

/** The nodes found, by nodeKey. */
export const storedNodes = (rows: readonly TreeNodeRow[]): Map<string, Buffer> =>
  new Map(rows.flatMap((r) => (r.hash ? [[nodeKey(r.level, r.idx), r.hash] as const] : [])));

interface HeadRow {
  position: number;
  recorded_at: string | null;
}

/** Results of batchReadSql, one per statement (BEGIN and the lock first). */
export type BatchReadResults = [
  QueryResult,
  QueryResult,
  QueryResult<HeadRow>,
  QueryResult<{ stream_id: string; v: number }>,
  QueryResult<StoredRow>,
  QueryResult<ClaimRow>,
  QueryResult<TreeNodeRow>,
];

export interface BatchRead {
  readonly state: BatchState;
  /** The Merkle frontier at the size of the head read under the append lock. */
  readonly frontier: Map<string, Buffer>;
}

/** The Merkle frontier of the head's size (read under the append lock), found server-side: one PK lookup per level (tree-sql.ts). */
const FRONTIER_SELECT = `SELECT l.level, f.idx, f.hash
  FROM ledger_head h CROSS JOIN generate_series(0, 52) AS l(level)
  CROSS JOIN LATERAL (SELECT (h.position >> l.level) - 1 AS idx) i
  CROSS JOIN LATERAL (SELECT i.idx, ${nodeHashSql('l.level', 'i.idx', 'e')} AS hash
                        FROM ledger_entries e WHERE e.position = (i.idx + 1) << l.level) f
  WHERE h.id = 1 AND ((h.position >> l.level) & 1) = 1`;

/** A bytea literal: hex digits only, nothing to escape. */
const bytea = (b: Buffer): string => `'\\x${b.toString('hex')}'::bytea`;

const int = (n: number): string => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};

export function batchReadSql(lit: Literal, requests: readonly CommitRequest[]): string {
  const list = (vs: string[]): string => (vs.length === 0 ? 'NULL' : vs.map(lit).join(','));
  const { streamIds, eventIds, claims } = keysOf(requests);
  const claimFilter =
    claims.length === 0 ? 'FALSE' : claims.map((c) => `(i.scope = ${lit(c.scope)} AND i.key = ${lit(c.key)})`).join(' OR ');
  // The head is read in a statement after the lock's, so its snapshot sees every append that held the lock before.
  return `BEGIN;
        SELECT pg_advisory_xact_lock(${APPEND_LOCK});
        SELECT position, recorded_at FROM ledger_head WHERE id = 1;
        SELECT stream_id, max(stream_version) AS v FROM ledger_entries WHERE stream_id IN (${list(streamIds)}) GROUP BY stream_id;
        ${STORED_SELECT} WHERE e.event_id IN (${list(eventIds)});
        ${CLAIM_SELECT} WHERE ${claimFilter} ORDER BY e.position;
        ${FRONTIER_SELECT}`;
}

export function batchReadOf([, , head, versions, existing, claims, frontier]: BatchReadResults): BatchRead {
  const tip = head.rows[0];
  const nodes = storedNodes(frontier.rows);
  if (nodes.size !== frontierOf(tip.position).length) throw new Error(`Merkle frontier of size ${tip.position} is incomplete`);
  return {
    state: {
      tip: { position: tip.position, recordedAt: tip.recorded_at },
      versions: new Map(versions.rows.map((r) => [r.stream_id, r.v])),
      existing: new Map<string, StoredEntry>(existing.rows.map((r) => [r.event_id, rowToStored(r)])),
      claims: claimRowsToClaims(claims.rows),
    },
    frontier: nodes,
  };
}

/** The second round trip, storing `nodes` (treeNodesOf); its first result's rowCount is the number of entries inserted. */
export function batchWriteSql(lit: Literal, plan: BatchPlan, nodes: readonly StoredNode[]): string {
  // Each entry's Merkle nodes in its row (migration 8).
  const treeNodes = nodesByLeaf(plan.rows[0].entry.position - 1, plan.rows.length, nodes);
  const entryRows = plan.rows.map((row, i) => {
    const [position, streamId, streamVersion, eventId, type, schemaVersion, ...texts] = entryValues(row);
    return `(${int(position)},${lit(streamId)},${int(streamVersion)},${lit(eventId)},${lit(type)},${int(schemaVersion)},${texts.map(lit).join(',')},${bytea(treeNodes[i])})`;
  });
  const privateRows = plan.rows
    .filter((r) => r.privateJson !== undefined)
    .map((r) => `(${int(r.entry.position)},${lit(r.entry.privateSalt!)},${lit(r.privateJson!)})`);
  const claimRows = plan.claims.map(
    (c) => `(${lit(c.claim.scope)},${lit(c.claim.key)},${lit(c.claim.requestHash)},${int(c.firstPosition)},${int(c.lastPosition)})`,
  );
  const head = int(plan.tip.position);
  return `
        INSERT INTO ledger_entries (${ENTRY_INSERT_COLUMNS}, tree_nodes) VALUES ${entryRows.join(',')};
        ${privateRows.length > 0 ? `INSERT INTO ledger_private (position, salt, content) VALUES ${privateRows.join(',')};` : ''}
        ${plan.erased.length > 0 ? `DELETE FROM ledger_private WHERE position IN (${plan.erased.map(int).join(',')});` : ''}
        ${claimRows.length > 0 ? `INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position) VALUES ${claimRows.join(',')};` : ''}
        SELECT pg_notify('${APPEND_CHANNEL}', '${head}');
        COMMIT`;
}

/** A group commit the long way, in the transaction the first round trip opens; the caller rolls back on a throw. */
export async function readPlanWrite(
  client: ClientBase,
  requests: readonly CommitRequest[],
  now: Date,
): Promise<{ plan: BatchPlan; tip: WriterTip }> {
  const lit = (v: string | null): string => (v === null ? 'NULL' : client.escapeLiteral(v));
  const read = batchReadOf((await client.query(batchReadSql(lit, requests))) as unknown as BatchReadResults);
  // Another process may have written since this writer's last commit: what it knew of streams starts over.
  const before: WriterTip = { ...read.state.tip, frontier: read.frontier, versions: new Map() };
  const plan = planBatch(requests, read.state, now);
  if (plan.rows.length === 0) {
    await client.query('COMMIT');
    return { plan, tip: before };
  }
  const nodes = treeNodesOf(before.position, before.frontier, plan);
  const written = (await client.query(batchWriteSql(lit, plan, nodes))) as unknown as QueryResult[];
  if (written[0].rowCount !== plan.rows.length) throw new Error(`inserted ${written[0].rowCount} of ${plan.rows.length} rows`);
  return { plan, tip: tipAfter(before, read.state, plan, nodes) };
}
