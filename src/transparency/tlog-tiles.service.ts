import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '../ledger/event-store.port';
import { canonicalize } from '../ledger/jcs';
import { LedgerTreeService } from '../ledger/tree/ledger-tree.service';
import { EVENT_STORE } from '../shared/di-tokens';
import { EntryDisclosure, publicEnvelope } from './entry-disclosure';
import { entryBundle, servedWidth, TILE_WIDTH, tileNodes, type TileRequest } from './tlog-tiles';

/** A tile's bytes, and whether it is full (fixed for ever) or partial. */
export interface Tile {
  readonly bytes: Buffer;
  readonly full: boolean;
}

/** An entry bundle, and whether any entry in it is sealed (auditors only). */
export interface EntryBundle extends Tile {
  readonly sealed: boolean;
}

/**
 * C2SP tlog-tiles over the stored tree: every complete subtree is stored (src/ledger/tree/merkle.ts),
 * so a tile is 256 stored nodes of one level, read in one query, never recomputed from leaves.
 * Tiles are cut from the tree of the latest signed checkpoint, the one /tlog/checkpoint serves.
 */
@Injectable()
export class TlogTilesService {
  constructor(
    private readonly tree: LedgerTreeService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The latest signed checkpoint (C2SP tlog-checkpoint): the same as GET /v1/ledger/checkpoint. */
  async checkpoint(): Promise<string> {
    return this.tree.cosignedNote(await this.tree.published());
  }

  /** The hash tile, or null if the checkpoint's tree does not have it (yet). */
  async hashTile(level: number, request: TileRequest): Promise<Tile | null> {
    const width = servedWidth(level, request, (await this.tree.published()).size);
    if (width === null) return null;
    const keys = tileNodes(level, request.index, width);
    const nodes = await this.store.readTreeNodes(keys);
    const hashes = keys.map(({ level: l, index }) => {
      const hash = nodes.get(`${l}:${index}`);
      if (!hash) throw new Error(`Merkle node ${l}:${index} is missing from the store`);
      return hash;
    });
    return { bytes: Buffer.concat(hashes), full: width === TILE_WIDTH };
  }

  /**
   * The entry bundle: each entry's public envelope as JCS (RFC 8785) UTF-8 bytes, exactly what its
   * leaf hash covers (SHA-256(0x00 ‖ bytes)); null if the checkpoint's tree does not have it (yet).
   */
  async entryBundle(request: TileRequest): Promise<EntryBundle | null> {
    const width = servedWidth(0, request, (await this.tree.published()).size);
    if (width === null) return null;
    const entries = await this.store.readAll(request.index * TILE_WIDTH, width);
    if (entries.length !== width) throw new Error(`entries ${request.index * TILE_WIDTH + 1}… of a signed tree are missing`);
    const disclosure = new EntryDisclosure(this.store);
    const sealed = await Promise.all(entries.map((e) => disclosure.isSealed(e)));
    const bytes = entryBundle(
      entries.map((e) => {
        const { leafHash: _l, ...envelope } = publicEnvelope(e);
        return Buffer.from(canonicalize(envelope), 'utf8');
      }),
    );
    return { bytes, full: width === TILE_WIDTH, sealed: sealed.includes(true) };
  }
}
