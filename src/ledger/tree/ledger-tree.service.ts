import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EventStore, LedgerEntry, StoredCheckpoint } from '../event-store.port';
import { checkEntry, type LedgerIntegrity } from './integrity';
import { APP_CONFIG, EVENT_STORE, LOGGER } from '../../shared/di-tokens';
import type { AppConfig } from '../../config/config';
import { consistencyProof, inclusionProof, rootAt, withNodes } from './merkle';
import { checkpointBody, SigningKey, signNote, verifierKeyOf, VerifierKey } from './signed-note';
import { SIGNING_KEY } from './signing-key';
import { CorruptionLatch, LedgerCorruptError } from '../corruption-latch';
import { LedgerMetrics } from '../../observability/metrics';
import { COSIGNATURE_STORE, type CosignatureStore } from './cosignature-store.port';
import { Witnessing } from './witnessing';

/** How often checkpoints are issued while entries arrive, and how much the self-check reads per tick. */
export const CHECKPOINT_INTERVAL_MS = 1000;
const SELF_CHECK_BATCH = 2000;
/**
 * Entries rehashed between two turns of the event loop. SQLite reads are synchronous: 2,000 at
 * once held every request for tens of milliseconds each second (the p99 of read routes).
 */
const SELF_CHECK_SLICE = 100;

/**
 * Signed checkpoints, proofs, and the self-check. Checkpoints are issued at least every second
 * while the ledger grows, each kept forever; the store refuses a second root for a size, and a
 * root that differs from one already signed marks the ledger corrupt. The self-check walks the
 * ledger a batch per tick, recomputing each leaf hash from the stored entry and comparing it
 * with the stored hash and the tree's leaf, so a row edited behind the service's back is found.
 * The head is also signed at start and at shutdown, so no tail stays unsigned while the service
 * is down. Once the ledger is found corrupt (CorruptionLatch), nothing more is signed.
 */
@Injectable()
export class LedgerTreeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private shuttingDown = false;
  private checkedUpTo = 0;
  private refusedToSign = false;
  readonly verifier: VerifierKey;
  readonly witnessing: Witnessing;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly latch: CorruptionLatch,
    @Inject(COSIGNATURE_STORE) cosignatures: CosignatureStore,
    metrics: LedgerMetrics,
  ) {
    this.verifier = verifierKeyOf(key);
    this.witnessing = new Witnessing(config.witnessing, {
      store: cosignatures,
      consistency: (m, n) => this.consistency(m, n),
      head: () => this.store.head(),
      metrics,
      logger,
    });
  }

  /**
   * Runs before the server listens: entries appended since the last checkpoint (a crash, or a
   * start on an older ledger) are signed before any new command, so the tail is never left open.
   * Only the root is computed (O(log n) stored nodes); the self-check goes on in the background.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.logger.info({ verifierKey: this.verifier.text }, `checkpoints are signed by ${this.verifier.text}`);
    await this.signHead('start');
    this.timer = setInterval(() => void this.tick(), CHECKPOINT_INTERVAL_MS);
    this.timer.unref();
  }

  /** After the HTTP server has closed (in-flight commands answered): the head is signed once more. */
  async onApplicationShutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.signHead('shutdown').catch((error: unknown) =>
      this.logger.error({ err: error }, 'could not sign the head before shutting down'),
    );
  }

  health(): LedgerIntegrity {
    const corrupt = this.latch.current;
    return corrupt ? { status: 'corrupt', ...corrupt, checkedUpTo: this.checkedUpTo } : { status: 'ok', checkedUpTo: this.checkedUpTo };
  }

  /** One round: a checkpoint if the ledger grew, and a slice of the self-check. */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        // A witness that missed the latest checkpoint (down, or refusing) is asked again, with backoff.
        await this.witnessing.cosign(await this.checkpoint());
        for (let checked = 0; checked < SELF_CHECK_BATCH && !this.shuttingDown; checked += SELF_CHECK_SLICE) {
          const from = this.checkedUpTo;
          const { status, checkedUpTo } = await this.selfCheck(SELF_CHECK_SLICE);
          if (status === 'corrupt' || checkedUpTo <= from) break; // found something, or the pass wrapped round
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } catch (error) {
        this.logger.error({ err: error }, 'checkpoint or self-check failed');
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  /**
   * The latest checkpoint, issuing one for the current head if the ledger has grown since. Never
   * while the ledger is corrupt: a signature would vouch for the damage.
   */
  async checkpoint(): Promise<StoredCheckpoint> {
    const head = await this.store.head();
    const latest = await this.store.latestCheckpoint();
    if (latest && latest.size >= head) return latest;
    const corrupt = this.latch.current;
    if (corrupt) {
      if (!this.refusedToSign)
        this.logger.error(
          { head, signed: latest?.size ?? 0, firstBadPosition: corrupt.firstBadPosition },
          'not signing checkpoints: the ledger is corrupt',
        );
      this.refusedToSign = true;
      if (latest) return latest;
      throw new LedgerCorruptError(corrupt.firstBadPosition, corrupt.detail);
    }
    return this.sign(head);
  }

  private async signHead(when: 'start' | 'shutdown'): Promise<void> {
    const corrupt = this.latch.current;
    if (corrupt) {
      this.logger.error({ firstBadPosition: corrupt.firstBadPosition }, `the head is not signed at ${when}: the ledger is corrupt`);
      return;
    }
    const before = (await this.store.latestCheckpoint())?.size ?? -1;
    const signed = await this.checkpoint();
    const what = signed.size !== before ? 'signed a checkpoint of the head' : 'the head was already signed';
    this.logger.info({ size: signed.size, root: signed.root.toString('base64') }, `${what} (${signed.size} entries) at ${when}`);
  }

  private async sign(size: number): Promise<StoredCheckpoint> {
    const root = await this.root(size);
    const note = signNote(checkpointBody({ origin: this.config.origin, size, root }), this.key);
    const saved = await this.store.saveCheckpoint({ size, root, note, issuedAt: new Date().toISOString() });
    if (!saved.root.equals(root)) {
      this.corrupt(size, `the tree of size ${size} no longer has the root signed for it (${saved.root.toString('base64')})`);
      return saved;
    }
    void this.witnessing.cosign(saved); // started now; readers wait for it in published()
    return saved;
  }

  /**
   * The checkpoint to hand out (GET /v1/ledger/checkpoint, /tlog/checkpoint and its tiles): with witnesses,
   * the latest one their quorum has cosigned, once the latest has had its chance (a bounded, shared wait);
   * the latest itself when there are no witnesses or none has cosigned yet.
   */
  async published(): Promise<StoredCheckpoint> {
    return this.witnessing.publishable(await this.checkpoint(), async (size) => (await this.store.checkpoints(size - 1, 1))[0]);
  }

  /** The checkpoint to prove entry `position` against: the published one, or the latest if that one is older than the entry. */
  async checkpointFor(position: number): Promise<StoredCheckpoint> {
    const published = await this.published();
    return published.size >= position ? published : this.checkpoint();
  }

  /** The checkpoint's signed note with the witness cosignatures kept for it (extra signature lines). */
  async cosignedNote(checkpoint: StoredCheckpoint): Promise<string> {
    return (await this.witnessing.cosignedNotes([checkpoint]))[0];
  }

  root(size: number): Promise<Buffer> {
    return withNodes(
      (k) => this.store.readTreeNodes(k),
      (r) => rootAt(size, r),
    );
  }

  /** The entry's leaf hash (the tree's leaf) and its audit path, read together in one fetch. */
  async inclusion(position: number, treeSize: number): Promise<{ leafHash: Buffer; auditPath: Buffer[] }> {
    return withNodes(
      (k) => this.store.readTreeNodes(k),
      async (r) => ({
        leafHash: await r.node(0, position - 1),
        auditPath: await inclusionProof(position - 1, treeSize, r),
      }),
    );
  }

  consistency(from: number, to: number): Promise<Buffer[]> {
    return withNodes(
      (k) => this.store.readTreeNodes(k),
      (r) => consistencyProof(from, to, r),
    );
  }

  /** Checks the next `count` entries of the rolling pass; starts over at the head. */
  async selfCheck(count: number): Promise<LedgerIntegrity> {
    let entries = await this.store.readAll(this.checkedUpTo, count);
    if (entries.length === 0 && this.checkedUpTo > 0) {
      // The pass reached the head: start the next one from the first entry.
      this.checkedUpTo = 0;
      entries = await this.store.readAll(0, count);
    }
    if (entries.length === 0) return this.health();
    if (await this.findBad(entries)) return this.health();
    this.checkedUpTo = entries[entries.length - 1].position;
    return this.health();
  }

  /** A whole pass from the first entry to the head, apart from the rolling one (operators' and tests' way to check now). */
  async checkAll(): Promise<LedgerIntegrity> {
    for (let after = 0; ;) {
      const entries = await this.store.readAll(after, SELF_CHECK_BATCH);
      if (entries.length === 0 || (await this.findBad(entries))) return this.health();
      after = entries[entries.length - 1].position;
    }
  }

  /** Marks the ledger corrupt at the first entry of `entries` that fails checkEntry. */
  private async findBad(entries: readonly LedgerEntry[]): Promise<boolean> {
    const leaves = await this.store.readTreeNodes(entries.map((e) => ({ level: 0, index: e.position - 1 })));
    for (const e of entries) {
      const problem = checkEntry(e, leaves.get(`0:${e.position - 1}`));
      if (problem) {
        this.corrupt(e.position, problem);
        return true;
      }
    }
    return false;
  }

  private corrupt(position: number, detail: string): void {
    if (this.latch.report(position, detail))
      this.logger.fatal(
        { position, detail },
        'LEDGER CORRUPT: commands are refused and no checkpoint is signed until an operator repairs it and restarts',
      );
  }
}
