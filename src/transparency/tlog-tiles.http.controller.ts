import { Controller, Get, Header, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Reply, FastifyRequest as Request } from 'fastify';
import type { AppConfig } from '../config/config';
import { Public } from '../http/auth';
import { cacheAnswerFor } from '../http/http-cache';
import { ProblemException } from '../http/problem';
import { APP_CONFIG } from '../shared/di-tokens';
import { presentedKey, readsSealed } from './entry-disclosure';
import { parseTileIndex, parseTileLevel, tilePath, type TileRequest } from './tlog-tiles';
import { TlogTilesService, type Tile } from './tlog-tiles.service';

const N_PARAM = {
  name: 'N',
  description:
    'the tile index in the spec\'s path encoding (1234067 → x001/x234/067), then ".p/<W>" for a partial tile of W (1–255) hashes',
} as const;

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="ledger"' };

function tileIndex(path: string): TileRequest {
  const request = parseTileIndex(path);
  if (request) return request;
  throw new ProblemException(400, 'VALIDATION_FAILED', 'N is not a tile index of C2SP tlog-tiles', [
    { path: 'params.N', message: 'must be 3-digit groups, all but the last prefixed with x (x001/x234/067), then .p/<W> with W 1–255' },
  ]);
}

/**
 * The tree as C2SP tlog-tiles serves it (https://c2sp.org/tlog-tiles), cut from the latest signed
 * checkpoint: a client can check the checkpoint, compute any proof from the tiles alone and audit
 * every entry with no other route. A tile the tree has not reached is 404. Full tiles never change and
 * are cached for a year; partial tiles and the checkpoint for a few seconds.
 */
@ApiTags('tlog-tiles')
@Controller('tlog')
@Public()
export class TlogTilesController {
  constructor(
    private readonly tiles: TlogTilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint), as tlog-tiles clients fetch it' })
  @Get('checkpoint')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  checkpoint(): Promise<string> {
    return this.tiles.checkpoint();
  }

  /**
   * Sealed entries (a contract not announced yet) are not public: a bundle holding one is for
   * auditors only, against the spec's "anyone" (README "C2SP tlog-tiles").
   */
  @ApiOperation({ summary: 'An entry bundle: the public envelopes of 256 entries (auditors only while any of them is sealed)' })
  @ApiParam(N_PARAM)
  @Get('tile/entries/*')
  async entries(@Param('*') n: string, @Req() req: Request, @Res({ passthrough: true }) reply: Reply): Promise<Buffer> {
    const request = tileIndex(n);
    const bundle = await this.tiles.entryBundle(request);
    if (!bundle) throw new ProblemException(404, 'NOT_FOUND', `the tree has no entry bundle ${tilePath('entries', request)} yet`);
    if (bundle.sealed) {
      const key = presentedKey(req, this.config.apiKeys);
      if (!key)
        throw new ProblemException(
          401,
          'UNAUTHENTICATED',
          'entries in this bundle are sealed: auditors may read it with their key',
          undefined,
          CHALLENGE,
        );
      if (!readsSealed(key))
        throw new ProblemException(403, 'FORBIDDEN', `entries in this bundle are sealed: role ${key.role} may not read them`);
    }
    return this.send(reply, bundle);
  }

  @ApiOperation({ summary: 'A hash tile: 256 hashes of tree level 8·L (C2SP tlog-tiles)' })
  @ApiParam({ name: 'L', description: 'the tile level, 0–63 (level 0: leaf hashes)' })
  @ApiParam(N_PARAM)
  @Get('tile/:L/*')
  async hashTile(@Param('L') l: string, @Param('*') n: string, @Res({ passthrough: true }) reply: Reply): Promise<Buffer> {
    const level = parseTileLevel(l);
    if (level === null)
      throw new ProblemException(400, 'VALIDATION_FAILED', 'L must be a tile level 0–63', [{ path: 'params.L', message: 'must be 0–63' }]);
    const request = tileIndex(n);
    const tile = await this.tiles.hashTile(level, request);
    if (!tile) throw new ProblemException(404, 'NOT_FOUND', `the tree has no tile ${tilePath(level, request)} yet`);
    return this.send(reply, tile);
  }

  private send(reply: Reply, tile: Tile): Buffer {
    if (tile.full) cacheAnswerFor(reply, 'immutable');
    void reply.header('Content-Type', 'application/octet-stream');
    return tile.bytes;
  }
}
