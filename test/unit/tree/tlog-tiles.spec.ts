import { expect } from '@jest/globals';
import {
  entryBundle,
  parseTileIndex,
  parseTileLevel,
  servedWidth,
  tileIndexPath,
  tileNodes,
  tilePath,
  tileWidthAt,
} from '../../../src/transparency/tlog-tiles';

/**
 * C2SP tlog-tiles: "<N> is the index of the tile … encoded as zero-padded 3-digit path elements. All
 * but the last path element are prefixed with x" (the spec's example: 1234067 → x001/x234/067; the
 * others from golang.org/x/mod/sumdb/tlog, where the encoding comes from).
 */
const SPEC_EXAMPLES: [number, string][] = [
  [0, '000'],
  [1, '001'],
  [67, '067'],
  [999, '999'],
  [1000, 'x001/000'],
  [1234067, 'x001/x234/067'],
  [3057500, 'x003/x057/500'],
  [123456078, 'x123/x456/078'],
  [1_000_000_000, 'x001/x000/x000/000'],
];

describe('C2SP tlog-tiles paths', () => {
  it.each(SPEC_EXAMPLES)('encodes tile index %d as %s, and reads it back', (index, path) => {
    expect(tileIndexPath(index)).toBe(path);
    expect(parseTileIndex(path)).toEqual({ index });
  });

  it('names full and partial tiles and entry bundles as the spec does', () => {
    expect(tilePath(0, { index: 1234067 })).toBe('0/x001/x234/067');
    expect(tilePath(2, { index: 1234067, width: 5 })).toBe('2/x001/x234/067.p/5');
    expect(tilePath('entries', { index: 1000, width: 255 })).toBe('entries/x001/000.p/255');
    expect(parseTileIndex('x001/x234/067.p/5')).toEqual({ index: 1234067, width: 5 });
    expect(parseTileIndex('000.p/1')).toEqual({ index: 0, width: 1 });
    expect(parseTileIndex('000.p/255')).toEqual({ index: 0, width: 255 });
  });

  it.each([
    ['123/456/078', 'groups before the last without x'],
    ['x000/001', 'a leading zero group'],
    ['x001', 'an x on the last group'],
    ['1', 'fewer than 3 digits'],
    ['0001', 'more than 3 digits'],
    ['x1234/067', 'a group of 4 digits'],
    ['', 'nothing'],
    ['000.p/0', 'width 0'],
    ['000.p/256', 'width 256 (a full tile has no .p/)'],
    ['000.p/07', 'a width with a leading zero'],
    ['000.p/', 'no width'],
    ['000/', 'a trailing slash'],
    ['x999/x999/x999/x999/x999/999', 'an index beyond 2^53'],
  ])('refuses %j (%s)', (path) => {
    expect(parseTileIndex(path)).toBeNull();
  });

  it('reads a level as a decimal 0–63 without leading zeros', () => {
    expect([parseTileLevel('0'), parseTileLevel('1'), parseTileLevel('63')]).toEqual([0, 1, 63]);
    for (const bad of ['64', '00', '01', '-1', '1a', '', 'entries']) expect(parseTileLevel(bad)).toBeNull();
  });
});

describe('C2SP tlog-tiles geometry', () => {
  it('gives each tile the hashes a tree of a size has complete', () => {
    // 1,000 leaves: level-0 tiles 0–2 full, tile 3 has 232; level 1 holds the 3 complete 256-leaf subtrees.
    expect([0, 1, 2, 3, 4].map((n) => tileWidthAt(0, n, 1000))).toEqual([256, 256, 256, 232, 0]);
    expect([tileWidthAt(1, 0, 1000), tileWidthAt(1, 1, 1000), tileWidthAt(2, 0, 1000)]).toEqual([3, 0, 0]);
    expect([tileWidthAt(1, 0, 65536), tileWidthAt(2, 0, 65536), tileWidthAt(2, 0, 65535)]).toEqual([256, 1, 0]);
    expect(tileWidthAt(63, 0, Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it('serves a full tile once complete, and any partial width the tree has reached', () => {
    expect(servedWidth(0, { index: 3 }, 1000)).toBeNull();
    expect(servedWidth(0, { index: 3, width: 232 }, 1000)).toBe(232);
    expect(servedWidth(0, { index: 3, width: 100 }, 1000)).toBe(100);
    expect(servedWidth(0, { index: 3, width: 233 }, 1000)).toBeNull();
    expect(servedWidth(0, { index: 2 }, 1000)).toBe(256);
    expect(servedWidth(0, { index: 2, width: 7 }, 1000)).toBe(7);
    expect(servedWidth(0, { index: 0, width: 1 }, 0)).toBeNull();
  });

  it('cuts a level-L tile from tree level 8·L', () => {
    expect(tileNodes(1, 2, 3)).toEqual([
      { level: 8, index: 512 },
      { level: 8, index: 513 },
      { level: 8, index: 514 },
    ]);
  });

  it('bundles entries each behind its big-endian uint16 length', () => {
    const long = Buffer.alloc(300, 0x61);
    expect(entryBundle([Buffer.from('ab'), long, Buffer.alloc(0)])).toEqual(
      Buffer.concat([Buffer.from([0x00, 0x02]), Buffer.from('ab'), Buffer.from([0x01, 0x2c]), long, Buffer.from([0x00, 0x00])]),
    );
    expect(entryBundle([Buffer.alloc(0xffff)]).length).toBe(0x10001);
    expect(() => entryBundle([Buffer.alloc(0x10000)])).toThrow(RangeError);
  });
});
