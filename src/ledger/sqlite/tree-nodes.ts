import type Database from 'better-sqlite3';
import type { BatchPlan } from '../append-plan';
import { frontierOf, lastLeaf, nextFrontier, nodeKey, nodesOnAppend } from '../tree/merkle';
import { HASH_BYTES, nodesByLeaf } from '../tree/leaf-nodes';

/**
 * The Merkle tree of a SQLite ledger: since migration 7 in the entries' rows (leaf-nodes.ts), so that a commit
 * writes no page of another table; the nodes of older entries in ledger_tree, keyed by last leaf and level.
 */

/** A node by its last leaf and level: from the completing entry's row, or from ledger_tree for older entries. */
const NODE_SELECT = `SELECT CASE WHEN length(e.tree_nodes) >= (@level + 1) * ${HASH_BYTES}
    THEN substr(e.tree_nodes, @level * ${HASH_BYTES} + 1, ${HASH_BYTES})
    ELSE (SELECT t.hash FROM ledger_tree t WHERE t.leaf = @leaf AND t.level = @level) END
  FROM ledger_entries e WHERE e.position = @leaf + 1`;

type Frontier = { readonly size: number; readonly nodes: Map<string, Buffer> };

export class SqliteTreeNodes {
  private readonly node: Database.Statement;
  /** The frontier at a size, kept between batches so an append reads no nodes. */
  private frontier: Frontier | null = null;
  /** The frontier the batch being written leaves, taken up only once it has committed. */
  private pending: Frontier | null = null;

  constructor(db: Database.Database) {
    this.node = db.prepare(NODE_SELECT).pluck();
  }

  /** Inside the batch's transaction: the tree_nodes of each of the plan's rows, grown from the tree of `size` leaves. */
  nodesFor(size: number, plan: BatchPlan): Buffer[] {
    const frontier = this.frontier?.size === size ? this.frontier.nodes : this.loadFrontier(size);
    const created = nodesOnAppend(
      size,
      frontier,
      plan.rows.map((r) => Buffer.from(r.entry.leafHash, 'base64')),
    );
    this.pending = { size: plan.tip.position, nodes: nextFrontier(frontier, created, plan.tip.position) };
    return nodesByLeaf(size, plan.rows.length, created);
  }

  /** After the batch's transaction: a committed one moves the cached frontier, a rolled-back one must not. */
  settle(committed: boolean): void {
    if (committed && this.pending) this.frontier = this.pending;
    this.pending = null;
  }

  get(level: number, index: number): Buffer | undefined {
    return (this.node.get({ leaf: lastLeaf(level, index), level }) as Buffer | null | undefined) ?? undefined;
  }

  private loadFrontier(size: number): Map<string, Buffer> {
    return new Map(
      frontierOf(size).map(({ level, index }) => {
        const hash = this.get(level, index);
        if (!hash) throw new Error(`Merkle node ${level}:${index} is missing: the tree does not match ${size} entries`);
        return [nodeKey(level, index), hash];
      }),
    );
  }
}
