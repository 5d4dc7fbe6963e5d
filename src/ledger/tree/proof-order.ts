/**
 * The order of hashing in RFC 9162 proof verification (§2.1.3.2 inclusion, §2.1.4.2 consistency) and in
 * the root of a list of leaves (§2.1.1), apart from the hash itself. Which side each proof hash goes on
 * depends only on the sizes and indices, never on hash values, so it is computed here once — pure, with
 * no imports — and folded with SHA-256 by the Node verifier (sync, Buffer) and by the portal's browser
 * scripts (async, Web Crypto) alike.
 */

/** Where a proof hash goes against the running hash r: 'left' → H(p, r), 'right' → H(r, p). */
export type Side = 'left' | 'right';

// Sizes can exceed 2^32: shift with arithmetic, not bit operators.
const lsb = (n: number): boolean => n % 2 === 1;
const shr = (n: number): number => Math.floor(n / 2);
const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * The side of each of `proofLength` audit-path hashes of leaf `leafIndex` in a tree of `treeSize`, or
 * null when no path of that length can lead to the root (a wrong index, size or length).
 */
export function inclusionOrder(leafIndex: number, treeSize: number, proofLength: number): Side[] | null {
  if (!isSize(leafIndex) || !isSize(treeSize) || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  const sides: Side[] = [];
  for (let i = 0; i < proofLength; i++) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      sides.push('left');
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = shr(fn);
          sn = shr(sn);
        }
      }
    } else {
      sides.push('right');
    }
    fn = shr(fn);
    sn = shr(sn);
  }
  return sn === 0 ? sides : null;
}

/**
 * One step of a consistency check after the seed: 'both' → fr = H(c, fr) and sr = H(c, sr);
 * 'second' → sr = H(sr, c) only.
 */
export type ConsistencyStep = 'both' | 'second';

export type ConsistencyPlan =
  /** Equal sizes: valid exactly when the proof is empty and the two roots are equal. */
  | { readonly sameTree: true }
  /** The seed is root1 (size1 a power of two) or the proof's first hash; `steps` apply to the hashes after it. */
  | { readonly sameTree: false; readonly seedIsRoot1: boolean; readonly steps: readonly ConsistencyStep[] };

/**
 * How to fold a consistency proof of `proofLength` hashes from `size1` to `size2`, or null when none can
 * hold. Edge cases as the public vectors settle them: a proof from the empty tree proves nothing.
 */
export function consistencyOrder(size1: number, size2: number, proofLength: number): ConsistencyPlan | null {
  if (!isSize(size1) || !isSize(size2) || size1 === 0 || size1 > size2) return null;
  if (size1 === size2) return { sameTree: true };
  if (proofLength === 0) return null;
  const seedIsRoot1 = Number.isInteger(Math.log2(size1));
  const after = seedIsRoot1 ? proofLength : proofLength - 1;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = shr(fn);
    sn = shr(sn);
  }
  const steps: ConsistencyStep[] = [];
  for (let i = 0; i < after; i++) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      steps.push('both');
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = shr(fn);
          sn = shr(sn);
        }
      }
    } else {
      steps.push('second');
    }
    fn = shr(fn);
    sn = shr(sn);
  }
  return sn === 0 ? { sameTree: false, seedIsRoot1, steps } : null;
}

/**
 * How many complete subtrees the leaf at `index` closes when appended (its trailing one bits): the
 * frontier's last that many hashes merge with it, right to left, H(left, right).
 */
export function mergesOnAppend(index: number): number {
  let merges = 0;
  for (let n = index; lsb(n); n = shr(n)) merges++;
  return merges;
}

/**
 * The RFC 9162 root of a growing list of leaves, kept as its frontier (complete subtrees, largest first)
 * in O(log n) memory. `hash` is H(0x01 ‖ left ‖ right), sync or async: the caller awaits what it returns.
 */
export class FrontierFold<H> {
  private readonly frontier: H[] = [];
  size = 0;

  constructor(private readonly hash: (left: H, right: H) => H | Promise<H>) {}

  async append(leaf: H): Promise<void> {
    let node = leaf;
    for (let m = mergesOnAppend(this.size); m > 0; m--) node = await this.hash(this.frontier.pop()!, node);
    this.frontier.push(node);
    this.size++;
  }

  /** MTH of the leaves so far; `empty` is the empty tree's root (SHA-256 of nothing). */
  async root(empty: H): Promise<H> {
    if (this.frontier.length === 0) return empty;
    let acc = this.frontier[this.frontier.length - 1];
    for (let i = this.frontier.length - 2; i >= 0; i--) acc = await this.hash(this.frontier[i], acc);
    return acc;
  }
}
