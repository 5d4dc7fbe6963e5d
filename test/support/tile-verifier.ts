import { createHash } from 'node:crypto';

/**
 * A C2SP tlog-tiles client written from the specifications, sharing no code with src/: it knows a
 * tree only by its size and the tiles it fetches, and derives every hash, root and proof (RFC 9162
 * §2.1) from them, as an auditor holding a checkpoint would.
 */

/** Fetches `tile/<path>` (`0/x001/234.p/5`) and answers its bytes; throws on any other answer. */
export type TileFetch = (path: string) => Promise<Buffer>;

const HEIGHT = 8;
const WIDTH = 256;

const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const interior = (left: Buffer, right: Buffer): Buffer => sha(Buffer.from([0x01]), left, right);

/** The spec's index encoding, by string padding (src/ counts in thousands): 1234067 → x001/x234/067. */
export function independentIndexPath(index: number): string {
  const digits = String(index);
  const groups = digits.padStart(Math.ceil(digits.length / 3) * 3, '0').match(/\d{3}/g)!;
  return groups.map((g, i) => (i === groups.length - 1 ? g : `x${g}`)).join('/');
}

/** Largest power of two strictly below n (n ≥ 2), RFC 9162 §2.1.1's k. */
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);

export class TileTree {
  /**
   * @param tiles tiles fetched so far by path, shared between trees of several sizes of one log (a
   * tile's bytes at a path never change, which the suites check on their own)
   */
  constructor(
    readonly size: number,
    private readonly fetch: TileFetch,
    private readonly tiles = new Map<string, Promise<Buffer>>(),
  ) {}

  /** The path of the tile holding hash `index` of tree level 8·`level` in this tree, and the tile's width. */
  tileOf(level: number, index: number): { path: string; width: number } {
    const n = Math.floor(index / WIDTH);
    const width = Math.min(WIDTH, Math.floor(this.size / WIDTH ** level) - n * WIDTH);
    if (index - n * WIDTH >= width) throw new Error(`hash ${index} of tile level ${level} is not complete in a tree of ${this.size}`);
    return { path: `${level}/${independentIndexPath(n)}${width === WIDTH ? '' : `.p/${width}`}`, width };
  }

  private async stored(level: number, index: number): Promise<Buffer> {
    const { path, width } = this.tileOf(level, index);
    let tile = this.tiles.get(path);
    if (!tile) {
      tile = this.fetch(path);
      this.tiles.set(path, tile);
    }
    const bytes = await tile;
    if (bytes.length !== width * 32) throw new Error(`tile ${path} has ${bytes.length} bytes, not ${width * 32}`);
    const at = (index % WIDTH) * 32;
    return bytes.subarray(at, at + 32);
  }

  /** The complete subtree of 2^height leaves from leaf index·2^height: from its tile level, hashed up. */
  async subtree(height: number, index: number): Promise<Buffer> {
    if (height % HEIGHT === 0) return this.stored(height / HEIGHT, index);
    return interior(await this.subtree(height - 1, 2 * index), await this.subtree(height - 1, 2 * index + 1));
  }

  /** MTH(D[start:end]), RFC 9162 §2.1.1, from complete subtrees. */
  async hash(start: number, end: number): Promise<Buffer> {
    const n = end - start;
    if (n === 0) return sha();
    const height = Math.log2(n);
    if (Number.isInteger(height) && start % n === 0) return this.subtree(height, start / n);
    const k = split(n);
    return interior(await this.hash(start, start + k), await this.hash(start + k, end));
  }

  root(): Promise<Buffer> {
    return this.hash(0, this.size);
  }

  /** PATH(m, D[0:size]), RFC 9162 §2.1.3.1. */
  async inclusion(m: number): Promise<Buffer[]> {
    const path: Buffer[] = [];
    // Walk down from the root, collecting the sibling of each step; the proof lists them leaf first.
    for (let start = 0, end = this.size; end - start > 1;) {
      const k = split(end - start);
      if (m - start < k) {
        path.unshift(await this.hash(start + k, end));
        end = start + k;
      } else {
        path.unshift(await this.hash(start, start + k));
        start += k;
      }
    }
    return path;
  }

  /** PROOF(m, D[0:size]) = SUBPROOF(m, D[0:size], true), RFC 9162 §2.1.4.1. */
  async consistency(m: number): Promise<Buffer[]> {
    if (m === this.size) return [];
    const proof: Buffer[] = [];
    let [start, end, whole] = [0, this.size, true];
    for (;;) {
      const n = end - start;
      if (m - start === n) {
        if (!whole) proof.unshift(await this.hash(start, end));
        return proof;
      }
      const k = split(n);
      if (m - start <= k) {
        proof.unshift(await this.hash(start + k, end));
        end = start + k;
      } else {
        proof.unshift(await this.hash(start, start + k));
        start += k;
        whole = false;
      }
    }
  }
}

/** The entries of a bundle: each a big-endian uint16 length, then that many bytes. */
export function splitBundle(bundle: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  for (let at = 0; at < bundle.length;) {
    const length = bundle.readUInt16BE(at);
    entries.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/** SHA-256(0x00 ‖ bytes): the leaf hash of an entry's bytes. */
export const leafOf = (bytes: Buffer): Buffer => sha(Buffer.from([0x00]), bytes);
