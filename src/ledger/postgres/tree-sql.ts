import { HASH_BYTES } from '../tree/leaf-nodes';

/**
 * Where PostgreSQL reads a Merkle node (leaf-nodes.ts): from the row of the entry that completes it, joined as
 * `entry` on position (idx + 1) << level, or from ledger_tree for an entry written before migration 8 (NULL there).
 */
export function nodeHashSql(level: string, idx: string, entry: string): string {
  return `CASE WHEN length(${entry}.tree_nodes) >= (${level} + 1) * ${HASH_BYTES}
    THEN substring(${entry}.tree_nodes FROM ${level} * ${HASH_BYTES} + 1 FOR ${HASH_BYTES})
    ELSE (SELECT t.hash FROM ledger_tree t WHERE t.level = ${level} AND t.idx = ${idx}) END`;
}
