/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the tree cut into tiles of height 8. A level-L tile
 * holds up to 256 consecutive hashes of tree level 8·L (level 0: the leaf hashes); tile N starts at
 * node 256·N. Pure: the geometry, the spec's path encoding and the entry bundle encoding.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
/** Levels a tree of at most 2^63 leaves can have (the spec bounds L to 0–63). */
export const MAX_TILE_LEVEL = 63;
/** An entry of a bundle is prefixed by its length as a big-endian uint16. */
export const MAX_BUNDLE_ENTRY_BYTES = 0xffff;

/** Which tile a request names: `width` is absent for a full tile, 1–255 for a partial one (`.p/<W>`). */
export interface TileRequest {
  readonly index: number;
  readonly width?: number;
}

/**
 * The spec's encoding of a tile index: zero-padded groups of three digits, every group but the last
 * prefixed with `x` (1234067 → x001/x234/067, 0 → 000).
 */
export function tileIndexPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`${index} is not a tile index`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The path of a tile below `tile/`: `<L>/<N>[.p/<W>]`, or `entries/<N>[.p/<W>]` for a bundle. */
export function tilePath(level: number | 'entries', { index, width }: TileRequest): string {
  return `${level}/${tileIndexPath(index)}${width === undefined ? '' : `.p/${width}`}`;
}

/**
 * `<N>[.p/<W>]` back to its index and width; null unless it is exactly the encoding tilePath gives
 * (one spelling per tile, so one URL per cached answer).
 */
export function parseTileIndex(path: string): TileRequest | null {
  const m = /^((?:x\d{3}\/)*)(\d{3})(?:\.p\/([1-9]\d{0,2}))?$/.exec(path);
  if (!m) return null;
  const groups = [
    ...m[1]
      .split('/')
      .filter(Boolean)
      .map((g) => g.slice(1)),
    m[2],
  ];
  if (groups.length > 1 && groups[0] === '000') return null; // a leading zero group: not the canonical spelling
  const index = groups.reduce((n, g) => n * 1000 + Number(g), 0);
  if (!Number.isSafeInteger(index)) return null;
  const width = m[3] === undefined ? undefined : Number(m[3]);
  if (width !== undefined && width >= TILE_WIDTH) return null;
  return width === undefined ? { index } : { index, width };
}

/** A tile level as the spec writes it: a decimal 0–63 without leading zeros; null otherwise. */
export function parseTileLevel(text: string): number | null {
  return /^(0|[1-9]\d?)$/.test(text) && Number(text) <= MAX_TILE_LEVEL ? Number(text) : null;
}

/** How many hashes of tile (level, index) a tree of `treeSize` leaves has complete: 0 to 256. */
export function tileWidthAt(level: number, index: number, treeSize: number): number {
  const complete = Math.floor(treeSize / 2 ** (TILE_HEIGHT * level));
  return Math.max(0, Math.min(TILE_WIDTH, complete - index * TILE_WIDTH));
}

/**
 * The width to serve for a request in a tree of `treeSize` leaves, or null if that tile is not there:
 * a full tile once all 256 hashes are complete, a partial one of any width the tree has reached (a
 * client holding an older checkpoint still finds the partial tile it names).
 */
export function servedWidth(level: number, request: TileRequest, treeSize: number): number | null {
  const available = tileWidthAt(level, request.index, treeSize);
  const wanted = request.width ?? TILE_WIDTH;
  return wanted <= available ? wanted : null;
}

/** The tree nodes (level 8·L, consecutive indices) whose hashes make up a tile of `width` hashes. */
export function tileNodes(level: number, index: number, width: number): { level: number; index: number }[] {
  return Array.from({ length: width }, (_, i) => ({ level: TILE_HEIGHT * level, index: index * TILE_WIDTH + i }));
}

/** An entry bundle: each entry as a big-endian uint16 length and its bytes, in order. */
export function entryBundle(entries: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const bytes of entries) {
    if (bytes.length > MAX_BUNDLE_ENTRY_BYTES)
      throw new RangeError(`an entry of ${bytes.length} bytes does not fit the uint16 length of an entry bundle`);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}
