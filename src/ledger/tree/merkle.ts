import { nodeHash, sha256 } from '../hashing';

/**
 * RFC 9162 §2.1 Merkle tree over leaf hashes, read from stored *complete subtrees*: node(level,
 * index) is the hash of the aligned leaves [index·2^level, (index+1)·2^level). Every hash the RFC's
 * recursion asks for is either such a node or splits into one plus a smaller range on its right,
 * so roots and proofs of any size cost O(log n) node reads and never a rescan of leaves.
 */
export interface NodeReader {
  node(level: number, index: number): Buffer | Promise<Buffer>;
}

export interface StoredNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

export const EMPTY_ROOT = sha256();

/** Largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  // Math.log2 is exact on powers of two; bit tricks would stop at 2^31.
  return n > 0 && Number.isInteger(Math.log2(n));
}

/** MTH(D[start:end]) where start is aligned to the RFC's recursion (a multiple of the left part). */
export async function rangeHash(reader: NodeReader, start: number, end: number): Promise<Buffer> {
  const size = end - start;
  if (isPowerOfTwo(size) && start % size === 0) return reader.node(Math.log2(size), start / size);
  const k = splitPoint(size);
  return nodeHash(await rangeHash(reader, start, start + k), await rangeHash(reader, start + k, end));
}

/** MTH(D[0:size]); the empty tree's root is SHA-256 of the empty string (§2.1.1). */
export async function rootAt(size: number, reader: NodeReader): Promise<Buffer> {
  if (size === 0) return EMPTY_ROOT;
  return rangeHash(reader, 0, size);
}

/** PATH(m, D[0:n]), §2.1.3.1: sibling hashes from the leaf up. */
export async function inclusionProof(leafIndex: number, treeSize: number, reader: NodeReader): Promise<Buffer[]> {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  const path = async (m: number, start: number, end: number): Promise<Buffer[]> => {
    if (end - start === 1) return [];
    const k = splitPoint(end - start);
    return m < k
      ? [...(await path(m, start, start + k)), await rangeHash(reader, start + k, end)]
      : [...(await path(m - k, start + k, end)), await rangeHash(reader, start, start + k)];
  };
  return path(leafIndex, 0, treeSize);
}

/** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), §2.1.4.1. */
export async function consistencyProof(size1: number, size2: number, reader: NodeReader): Promise<Buffer[]> {
  if (!(size1 >= 0 && size1 <= size2)) throw new RangeError(`no consistency proof from size ${size1} to ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const subproof = async (m: number, start: number, end: number, whole: boolean): Promise<Buffer[]> => {
    if (m === end - start) return whole ? [] : [await rangeHash(reader, start, end)];
    const k = splitPoint(end - start);
    return m <= k
      ? [...(await subproof(m, start, start + k, whole)), await rangeHash(reader, start + k, end)]
      : [...(await subproof(m - k, start + k, end, false)), await rangeHash(reader, start, start + k)];
  };
  return subproof(size1, 0, size2, true);
}

/** Nodes whose stored hashes a tree of `size` leaves needs to grow: its complete subtrees (the frontier). */
export function frontierOf(size: number): { level: number; index: number }[] {
  const out: { level: number; index: number }[] = [];
  for (let level = 0; 2 ** level <= size; level++) {
    if (Math.floor(size / 2 ** level) % 2 === 1) out.push({ level, index: Math.floor(size / 2 ** level) - 1 });
  }
  return out;
}

/**
 * The nodes that become complete when `leafHashes` are appended to a tree of `size` leaves, given
 * that tree's frontier. Pure: adapters store the result in the append's own transaction.
 */
export function nodesOnAppend(size: number, frontier: ReadonlyMap<string, Buffer>, leafHashes: readonly Buffer[]): StoredNode[] {
  // Nodes made by this append, looked up before the frontier; the frontier itself is not copied (it runs per append).
  const made = new Map<string, Buffer>();
  const created: StoredNode[] = [];
  for (let i = 0; i < leafHashes.length; i++) {
    let index = size + i;
    let hash = leafHashes[i];
    made.set(nodeKey(0, index), hash);
    created.push({ level: 0, index, hash });
    for (let level = 0; index % 2 === 1; level++) {
      const key = nodeKey(level, index - 1);
      const left = made.get(key) ?? frontier.get(key);
      if (!left) throw new Error(`Merkle frontier is missing node ${level}:${index - 1}`);
      hash = nodeHash(left, hash);
      index = (index - 1) / 2;
      made.set(nodeKey(level + 1, index), hash);
      created.push({ level: level + 1, index, hash });
    }
  }
  return created;
}

export const nodeKey = (level: number, index: number): string => `${level}:${index}`;

/** The last leaf under node (level, index): the append that completes it (arithmetic, not <<, past 2^31). */
export const lastLeaf = (level: number, index: number): number => (index + 1) * 2 ** level - 1;

/** The frontier after appending: picked from the old frontier and the nodes the append created. */
export function nextFrontier(frontier: ReadonlyMap<string, Buffer>, created: readonly StoredNode[], newSize: number): Map<string, Buffer> {
  const next = new Map(frontierOf(newSize).map(({ level, index }): [string, Buffer | undefined] => [nodeKey(level, index), undefined]));
  for (const n of created) {
    const key = nodeKey(n.level, n.index);
    if (next.has(key)) next.set(key, n.hash);
  }
  for (const [key, hash] of next) if (hash === undefined) next.set(key, frontier.get(key));
  return next as Map<string, Buffer>;
}

/**
 * Runs a tree computation in two passes so an adapter can fetch all the nodes it needs in one
 * query: the nodes read depend only on sizes, never on hash values, so a dry run with stand-in
 * hashes names them exactly.
 */
export async function withNodes<T>(
  fetch: (keys: { level: number; index: number }[]) => Promise<Map<string, Buffer>>,
  run: (reader: NodeReader) => Promise<T>,
): Promise<T> {
  const wanted = new Map<string, { level: number; index: number }>();
  const standIn = Buffer.alloc(32);
  await run({ node: (level, index) => (wanted.set(nodeKey(level, index), { level, index }), standIn) });
  const nodes = await fetch([...wanted.values()]);
  return run({
    node: (level, index) => {
      const hash = nodes.get(nodeKey(level, index));
      if (!hash) throw new Error(`Merkle node ${level}:${index} is missing from the store`);
      return hash;
    },
  });
}
