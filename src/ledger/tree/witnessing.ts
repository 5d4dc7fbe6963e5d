import type { Logger } from 'pino';
import type { WitnessConfig } from '../../config/witnesses';
import type { LedgerMetrics } from '../../observability/metrics';
import type { StoredCheckpoint } from '../event-store.port';
import { cosignatureBy, splitNote } from './cosignature';
import type { CosignatureStore } from './cosignature-store.port';
import type { Witness } from './tlog-policy';
import { addCheckpoint, type WitnessAnswer } from './witness-client';

interface WitnessState {
  readonly witness: Witness & { readonly url: string };
  /** The size the witness is believed to hold (its last cosigned size), once read from the store. */
  size: number | null;
  /** One submission at a time per witness: its state moves in order. */
  queue: Promise<void>;
  /** After a failure, no new attempt before this time (ms); doubles up to a minute. */
  retryAt: number;
  backoffMs: number;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * The log side of c2sp.org/tlog-witness. Each new checkpoint goes to every configured witness with a
 * consistency proof from the size that witness last cosigned; a 409 names the size the witness really
 * holds, and the checkpoint is sent once more from there. A cosignature is kept only once it verifies
 * with the witness's key. A witness that refuses (a fork, a bad proof) is logged and counted, never
 * retried with anything but the truth: a ledger that rewrote history gets no cosignature.
 */
export class Witnessing {
  private readonly states: WitnessState[];

  constructor(
    private readonly config: WitnessConfig,
    private readonly store: CosignatureStore,
    private readonly consistency: (from: number, to: number) => Promise<Buffer[]>,
    private readonly metrics: LedgerMetrics,
    private readonly logger: Logger,
  ) {
    this.states = config.witnesses.map((witness) => ({ witness, size: null, queue: Promise.resolve(), retryAt: 0, backoffMs: 1000 }));
  }

  get enabled(): boolean {
    return this.states.length > 0;
  }

  /** Asks every witness that has not yet cosigned `checkpoint` (or a larger one) to cosign it; settles within the timeout. */
  async cosign(checkpoint: StoredCheckpoint, now = Date.now()): Promise<void> {
    await Promise.all(
      this.states.map((state) => {
        if (state.retryAt > now) return Promise.resolve();
        state.queue = state.queue
          .then(() => this.submit(state, checkpoint))
          .catch((error: unknown) =>
            this.failed(state, 'error', `asking witness ${state.witness.name} failed: ${(error as Error).message}`, 'error'),
          );
        return state.queue;
      }),
    );
  }

  /** The checkpoint's note with the cosignature lines kept for it. */
  async cosignedNotes(checkpoints: readonly StoredCheckpoint[]): Promise<string[]> {
    if (!this.enabled || checkpoints.length === 0) return checkpoints.map((c) => c.note);
    const lines = await this.store.linesFor(checkpoints.map((c) => c.size));
    return checkpoints.map((c) => `${c.note}${(lines.get(c.size) ?? []).map((l) => `${l}\n`).join('')}`);
  }

  private async submit(state: WitnessState, checkpoint: StoredCheckpoint): Promise<void> {
    const { witness } = state;
    state.size ??= await this.store.latestSize(witness.key.text);
    if (checkpoint.size <= state.size) return; // cosigned already, or a larger tree since
    let old = state.size;
    for (let attempt = 0; attempt < 2; attempt++) {
      let answer: WitnessAnswer;
      try {
        const proof = old === 0 || old === checkpoint.size ? [] : await this.consistency(old, checkpoint.size);
        answer = await addCheckpoint(witness.url, old, proof, checkpoint.note, this.config.timeoutMs);
      } catch (error) {
        return this.failed(state, 'unreachable', `could not reach witness ${witness.name}: ${(error as Error).message}`);
      }
      if (answer.kind === 'cosigned') return this.keep(state, checkpoint, answer.lines);
      if (answer.kind === 'refused') {
        return this.failed(
          state,
          'refused',
          `witness ${witness.name} refused the checkpoint of ${checkpoint.size} entries from ${old} (HTTP ${answer.status}: ${answer.detail.trim()})`,
          'error',
        );
      }
      this.metrics.witnessAnswers.inc({ witness: witness.name, outcome: 'conflict' });
      if (answer.size > checkpoint.size) {
        // It holds a larger tree: ours, cosigned before our record of it was lost, or another history.
        state.size = answer.size;
        this.logger.warn({ witness: witness.name, witnessSize: answer.size, size: checkpoint.size }, 'the witness holds a larger tree');
        return;
      }
      old = answer.size;
    }
    this.failed(state, 'conflict', `witness ${witness.name} kept answering 409 for the checkpoint of ${checkpoint.size} entries`);
  }

  private async keep(state: WitnessState, checkpoint: StoredCheckpoint, lines: readonly string[]): Promise<void> {
    const { witness } = state;
    const { body } = splitNote(checkpoint.note);
    for (const line of lines) {
      let cosignedAt: bigint | null;
      try {
        cosignedAt = cosignatureBy(witness.key, body, [line]);
      } catch (error) {
        return this.failed(
          state,
          'bad_cosignature',
          `witness ${witness.name} answered a bad cosignature: ${(error as Error).message}`,
          'error',
        );
      }
      if (cosignedAt === null) continue; // another key of the witness: ignored (tlog-witness)
      await this.store.save({
        size: checkpoint.size,
        witness: witness.key.text,
        line,
        cosignedAt: Number(cosignedAt),
        receivedAt: new Date().toISOString(),
      });
      state.size = checkpoint.size;
      state.backoffMs = 1000;
      state.retryAt = 0;
      this.metrics.witnessAnswers.inc({ witness: witness.name, outcome: 'cosigned' });
      this.metrics.witnessedSize.set({ witness: witness.name }, checkpoint.size);
      return;
    }
    this.failed(state, 'bad_cosignature', `witness ${witness.name} answered no cosignature by its key ${witness.key.text}`, 'error');
  }

  private failed(state: WitnessState, outcome: string, message: string, level: 'warn' | 'error' = 'warn'): void {
    this.metrics.witnessAnswers.inc({ witness: state.witness.name, outcome });
    state.retryAt = Date.now() + state.backoffMs;
    state.backoffMs = Math.min(state.backoffMs * 2, MAX_BACKOFF_MS);
    this.logger[level]({ witness: state.witness.name, outcome }, message);
  }
}
