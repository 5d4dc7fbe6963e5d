import { Controller, Get, Header, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import type { EventStore } from '../ledger/event-store.port';
import { Public } from '../http/auth';
import { ApiCsvForm, jsonOrCsv } from '../http/csv';
import { CHECKPOINTS_CSV, checkpointsCsv } from './checkpoints.csv';
import type { AppConfig } from '../config/config';
import { CacheFor } from '../http/http-cache';
import { ProblemException } from '../http/problem';
import { APP_CONFIG, EVENT_STORE } from '../shared/di-tokens';
import { LedgerTreeService } from '../ledger/tree/ledger-tree.service';
import { EntryDisclosure, presentedKey, publicEnvelope, readsSealed } from './entry-disclosure';
import { OnlyDocumentedQuery } from '../http/params';
import { leafBytesOf } from '../ledger/hashing';
import { formatTlogProof } from '../ledger/tree/tlog-proof';
import { formatTlogPolicy } from '../ledger/tree/tlog-policy';

function count(value: unknown, name: string, min: number, where: 'query' | 'params' = 'query'): number {
  if (typeof value === 'string' && /^\d{1,15}$/.test(value) && Number(value) >= min) return Number(value);
  throw new ProblemException(400, 'VALIDATION_FAILED', `${name} must be a whole number ≥ ${min}`, [
    { path: `${where}.${name}`, message: `must be a whole number ≥ ${min}` },
  ]);
}

@ApiTags('ledger')
@Controller('v1/ledger')
@OnlyDocumentedQuery()
@Public()
export class LedgerTreeController {
  constructor(
    private readonly tree: LedgerTreeService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The latest signed checkpoint (C2SP tlog-checkpoint as a signed note). */
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint)' })
  @Get('checkpoint')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async checkpoint(): Promise<string> {
    return this.tree.cosignedNote(await this.tree.published());
  }

  /** Every checkpoint ever issued, oldest first; `Accept: text/csv` gives the page as CSV (checkpoints.csv.ts). */
  @ApiOperation({ summary: 'Every checkpoint issued, oldest first, as JSON or CSV' })
  @Get('checkpoints')
  @ApiCsvForm(CHECKPOINTS_CSV)
  @ApiQuery({
    name: 'after',
    required: false,
    description: 'tree size: checkpoints of larger trees (nextCursor of the previous page)',
    schema: { type: 'integer', minimum: 0, maximum: 999999999999999, default: 0 },
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'page size from 1 (default 100); more than 1000 is served as 1000',
    schema: { type: 'integer', minimum: 1, maximum: 999999999999999, default: 100 },
  })
  async checkpoints(
    @Query('after') after: unknown,
    @Query('limit') limit: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ items: string[]; nextCursor: string } | string> {
    const from = after === undefined ? 0 : count(after, 'after', 0);
    const n = limit === undefined ? 100 : Math.min(count(limit, 'limit', 1), 1000);
    const stored = await this.store.checkpoints(from, n);
    const notes = await this.tree.witnessing.cosignedNotes(stored);
    const items = stored.map((c, i) => ({ ...c, note: notes[i] }));
    const nextCursor = String(items.length > 0 ? items[items.length - 1].size : from);
    return jsonOrCsv(req, res, { items: notes, nextCursor }, () => checkpointsCsv(items), nextCursor);
  }

  /**
   * The C2SP tlog-policy a verifier of this ledger can use with `ledger check-proof --policy`: this
   * log's key, the witnesses of LEDGER_WITNESSES and the quorum of LEDGER_WITNESS_POLICY.
   */
  @ApiOperation({ summary: 'The C2SP tlog-policy of this ledger: its key, its witnesses and their quorum' })
  @Get('policy')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  policy(): string {
    const { witnesses, quorum } = this.config.witnessing;
    return formatTlogPolicy(this.tree.verifier, witnesses, quorum);
  }

  @ApiOperation({ summary: 'The verifier key of the checkpoints (C2SP note verifier)' })
  @Get('key')
  @CacheFor('stable')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  key(): string {
    return this.tree.verifier.text;
  }

  /** RFC 9162 §2.1.3 inclusion proof of entry `position` (leaf position − 1) in the tree of `treeSize`. */
  @ApiOperation({ summary: 'Inclusion proof of an entry in a tree (RFC 9162 §2.1.3)' })
  @Get('proofs/inclusion')
  // The tree of treeSize entries never changes (append-only): nor does a proof in it.
  @CacheFor('immutable')
  @ApiQuery({
    name: 'position',
    schema: { type: 'integer', minimum: 1, maximum: 999999999999999 },
    description: 'the entry (1-based ledger position)',
  })
  @ApiQuery({
    name: 'treeSize',
    schema: { type: 'integer', minimum: 1, maximum: 999999999999999 },
    description: 'the size of the tree the proof is against (at most the ledger head)',
  })
  async inclusion(
    @Query('position') p: unknown,
    @Query('treeSize') n: unknown,
  ): Promise<{ leafIndex: number; treeSize: number; leafHash: string; auditPath: string[] }> {
    const position = count(p, 'position', 1);
    const treeSize = count(n, 'treeSize', 1);
    await this.withinTree(treeSize);
    if (position > treeSize)
      throw new ProblemException(400, 'VALIDATION_FAILED', `position ${position} is not in a tree of ${treeSize} entries`, [
        { path: 'query.position', message: 'must be ≤ treeSize' },
      ]);
    const { leafHash, auditPath } = await this.tree.inclusion(position, treeSize);
    return {
      leafIndex: position - 1,
      treeSize,
      leafHash: leafHash.toString('base64'),
      auditPath: auditPath.map((h) => h.toString('base64')),
    };
  }

  /** RFC 9162 §2.1.4 consistency proof between two tree sizes. */
  @ApiOperation({ summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)' })
  @Get('proofs/consistency')
  @CacheFor('immutable')
  @ApiQuery({ name: 'from', schema: { type: 'integer', minimum: 1, maximum: 999999999999999 }, description: 'the older tree size' })
  @ApiQuery({
    name: 'to',
    schema: { type: 'integer', minimum: 1, maximum: 999999999999999 },
    description: 'the newer tree size (at most the ledger head)',
  })
  async consistency(@Query('from') m: unknown, @Query('to') n: unknown): Promise<{ from: number; to: number; proof: string[] }> {
    const from = count(m, 'from', 1);
    const to = count(n, 'to', 1);
    await this.withinTree(to);
    if (from > to)
      throw new ProblemException(400, 'VALIDATION_FAILED', 'from must be ≤ to', [{ path: 'query.from', message: 'must be ≤ to' }]);
    return { from, to, proof: (await this.tree.consistency(from, to)).map((h) => h.toString('base64')) };
  }

  /**
   * A self-contained bundle for one entry: its public envelope, its inclusion proof, and the
   * signed checkpoint it is proved against. Anyone for entries the rules make public; auditors
   * (and admins) for all. `?format=tlog-proof` gives the same proof as a c2sp.org/tlog-proof@v1
   * file, the entry's canonical JSON in its extra line (tlog-proof.ts).
   */
  @ApiOperation({ summary: 'A self-contained proof bundle for one entry, as JSON or as a C2SP tlog-proof' })
  @Get('entries/:position/proof')
  @ApiQuery({
    name: 'format',
    required: false,
    description: 'tlog-proof: the c2sp.org/tlog-proof@v1 text form (text/plain), to keep as a .tlog-proof file',
    schema: { type: 'string', enum: ['tlog-proof'] },
  })
  async bundle(
    @Param('position') p: string,
    @Query('format') format: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<object | string> {
    const position = count(p, 'position', 1, 'params');
    if (format !== undefined && format !== 'tlog-proof')
      throw new ProblemException(400, 'VALIDATION_FAILED', 'format must be tlog-proof (or absent, for the JSON bundle)', [
        { path: 'query.format', message: 'must be tlog-proof' },
      ]);
    const [entry] = await this.store.readAll(position - 1, 1);
    if (!entry || entry.position !== position) throw new ProblemException(404, 'NOT_FOUND', `there is no entry ${position}`);
    if (!(await new EntryDisclosure(this.store).isPublic(entry)) && !readsSealed(presentedKey(req, this.config.apiKeys))) {
      throw new ProblemException(404, 'NOT_FOUND', `entry ${position} is not public; auditors may ask for it with their key`);
    }
    const checkpoint = await this.tree.checkpointFor(position);
    const { auditPath } = await this.tree.inclusion(position, checkpoint.size);
    const note = await this.tree.cosignedNote(checkpoint);
    const envelope = publicEnvelope(entry);
    if (format === 'tlog-proof') {
      const { leafHash: _leafHash, ...hashed } = envelope;
      void res.header('Content-Type', 'text/plain; charset=utf-8');
      void res.header('Content-Disposition', `inline; filename="ledger-entry-${position}.tlog-proof"`);
      return formatTlogProof({
        extra: leafBytesOf(hashed).toString('base64'),
        index: position - 1,
        auditPath: auditPath.map((h) => h.toString('base64')),
        checkpoint: note,
      });
    }
    return {
      entry: envelope,
      proof: {
        leafIndex: position - 1,
        treeSize: checkpoint.size,
        leafHash: entry.leafHash,
        auditPath: auditPath.map((h) => h.toString('base64')),
      },
      checkpoint: note,
      verifierKey: this.tree.verifier.text,
    };
  }

  private async withinTree(size: number): Promise<void> {
    const head = await this.store.head();
    if (size > head)
      throw new ProblemException(400, 'VALIDATION_FAILED', `the ledger has ${head} entries`, [
        { path: 'query', message: `tree sizes go up to ${head}` },
      ]);
  }
}
