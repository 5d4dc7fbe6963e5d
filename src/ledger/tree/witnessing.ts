import type { Logger } from 'pino';
import type { WitnessConfig } from '../../config/witnesses';
import type { LedgerMetrics } from '../../observability/metrics';
import type { StoredCheckpoint } from '../event-store.port';
import { cosignatureBy } from './cosignature';
import { splitNote } from './signed-note';
import type { CosignatureStore } from './cosignature-store.port';
import type { Witness } from './tlog-policy';
import { addCheckpoint, type WitnessAnswer } from './witness-client';

interface WitnessState {
  readonly witness: Witness & { readonly url: string };
  /** The size the witness is known to hold (its last cosigned size), once read from the store. */
  size: number | null;
  /** The newest checkpoint still to send: a witness busy with one gets only the newest of those that came meanwhile. */
  next: StoredCheckpoint | null;
  /** The loop sending to this witness, one request at a time, while it runs. */
  running: Promise<void> | null;
  /** After a failure, no new attempt before this time (ms); doubles up to a minute. */
  retryAt: number;
  backoffMs: number;
}

export interface WitnessingPorts {
  readonly store: CosignatureStore;
  readonly consistency: (from: number, to: number) => Promise<Buffer[]>;
  /** The ledger's head: a witness claiming a larger tree has seen another history. */
  readonly head: () => Promise<number>;
  readonly metrics: LedgerMetrics;
  readonly logger: Logger;
}

const MAX_BACKOFF_MS = 60_000;
/** A witness's timestamp this far ahead of our clock is not believed (tlog-cosignature: verifiers MAY reject future ones). */
const FUTURE_SLACK_S = 86_400;

/**
 * The log side of c2sp.org/tlog-witness. Each checkpoint goes to every configured witness with a
 * consistency proof from the size that witness last cosigned; a 409 names the size the witness really
 * holds, and the checkpoint is sent once more from there. A cosignature is kept only once it verifies
 * with the witness's key. A witness that refuses (a fork, a bad proof) is logged and counted, never
 * sent anything but the truth: a ledger that rewrote history gets no cosignature. One request at a time
 * per witness, the newest checkpoint only, and whoever waits for a checkpoint's cosignatures waits at
 * most the timeout, together: a hung witness slows nothing down for longer than that.
 */
export class Witnessing {
  private readonly states: WitnessState[];
  /** Per checkpoint size, the one wait for its cosignatures that every reader shares. */
  private readonly settling = new Map<number, Promise<void>>();

  constructor(
    private readonly config: WitnessConfig,
    private readonly ports: WitnessingPorts,
  ) {
    this.states = config.witnesses.map((witness) => ({ witness, size: null, next: null, running: null, retryAt: 0, backoffMs: 1000 }));
  }

  get enabled(): boolean {
    return this.states.length > 0;
  }

  /**
   * Asks every witness that has not cosigned `checkpoint` (or a larger one) to cosign it. Settles when
   * each has answered, or after the timeout, whichever is first; every caller for the same checkpoint
   * shares that one wait.
   */
  cosign(checkpoint: StoredCheckpoint): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    let settled = this.settling.get(checkpoint.size);
    if (settled) return settled;
    for (const state of this.states) {
      if (!state.next || state.next.size < checkpoint.size) state.next = checkpoint;
      this.run(state);
    }
    let timer: NodeJS.Timeout | undefined;
    settled = Promise.race([
      Promise.all(this.states.map((s) => s.running ?? Promise.resolve())).then(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.config.timeoutMs).unref())),
    ]).finally(() => {
      clearTimeout(timer);
      this.settling.delete(checkpoint.size);
    });
    this.settling.set(checkpoint.size, settled);
    return settled;
  }

  /** The checkpoints' notes with the cosignature lines kept for them. */
  async cosignedNotes(checkpoints: readonly StoredCheckpoint[]): Promise<string[]> {
    if (checkpoints.length === 0) return [];
    const lines = await this.ports.store.linesFor(checkpoints.map((c) => c.size));
    return checkpoints.map((c) => `${c.note}${(lines.get(c.size) ?? []).map((l) => `${l}\n`).join('')}`);
  }

  /**
   * Of `latest` and the checkpoints before it, the one to hand out: with witnesses, the latest one their
   * quorum (LEDGER_WITNESS_POLICY) has cosigned, once `latest` has had its chance (the shared, bounded
   * wait of cosign); `latest` itself without witnesses, or while none has been cosigned.
   */
  async publishable(
    latest: StoredCheckpoint,
    checkpointAt: (size: number) => Promise<StoredCheckpoint | undefined>,
  ): Promise<StoredCheckpoint> {
    if (!this.enabled || this.config.quorum === 0) return latest;
    await this.cosign(latest);
    const keys = this.states.map((s) => s.witness.key.text);
    const size = await this.ports.store.latestCosignedBy(keys, this.config.quorum);
    if (size === 0 || size >= latest.size) return latest;
    return (await checkpointAt(size)) ?? latest;
  }

  private run(state: WitnessState): void {
    if (state.running || Date.now() < state.retryAt) return;
    state.running = (async () => {
      while (state.next && Date.now() >= state.retryAt) {
        const checkpoint = state.next;
        await this.submit(state, checkpoint).catch((error: unknown) =>
          this.failed(state, 'error', `asking witness ${state.witness.name} failed: ${(error as Error).message}`, 'error'),
        );
        if (state.next === checkpoint) state.next = null;
      }
    })().finally(() => (state.running = null));
  }

  private async submit(state: WitnessState, checkpoint: StoredCheckpoint): Promise<void> {
    const { witness } = state;
    // Another instance may have had this witness cosign meanwhile (several instances share one database).
    state.size = Math.max(state.size ?? 0, await this.ports.store.latestSize(witness.key.text));
    if (checkpoint.size <= state.size) return; // cosigned already, or a larger tree since
    let old = state.size;
    for (let attempt = 0; attempt < 2; attempt++) {
      let answer: WitnessAnswer;
      try {
        const proof = old === 0 || old === checkpoint.size ? [] : await this.ports.consistency(old, checkpoint.size);
        answer = await addCheckpoint(witness.url, old, proof, checkpoint.note, this.config.timeoutMs);
      } catch (error) {
        return this.failed(state, 'unreachable', `could not reach witness ${witness.name}: ${(error as Error).message}`);
      }
      if (answer.kind === 'cosigned') return this.keep(state, checkpoint, answer.lines);
      if (answer.kind === 'refused') {
        const detail = answer.detail.trim();
        return this.failed(
          state,
          'refused',
          `witness ${witness.name} refused the checkpoint of ${checkpoint.size} entries from ${old} (HTTP ${answer.status}: ${detail})`,
          'error',
        );
      }
      if (answer.size > (await this.ports.head())) {
        // Larger than this ledger has ever been: the witness saw another history under this key.
        return this.failed(
          state,
          'refused',
          `witness ${witness.name} holds a tree of ${answer.size} entries, larger than this ledger: another history was shown to it`,
          'error',
        );
      }
      this.ports.metrics.witnessAnswers.inc({ witness: witness.name, outcome: 'conflict' });
      if (answer.size > checkpoint.size) {
        state.size = answer.size; // ours, cosigned before our record of it was kept: the next checkpoint goes from there
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
      if (cosignedAt > BigInt(Math.floor(Date.now() / 1000) + FUTURE_SLACK_S))
        return this.failed(
          state,
          'bad_cosignature',
          `witness ${witness.name} dated its cosignature in the future (${cosignedAt})`,
          'error',
        );
      await this.ports.store.save({
        size: checkpoint.size,
        witness: witness.key.text,
        line,
        cosignedAt: Number(cosignedAt),
        receivedAt: new Date().toISOString(),
      });
      state.size = checkpoint.size;
      state.backoffMs = 1000;
      state.retryAt = 0;
      this.ports.metrics.witnessAnswers.inc({ witness: witness.name, outcome: 'cosigned' });
      this.ports.metrics.witnessedSize.set({ witness: witness.name }, checkpoint.size);
      return;
    }
    this.failed(state, 'bad_cosignature', `witness ${witness.name} answered no cosignature by its key ${witness.key.text}`, 'error');
  }

  private failed(state: WitnessState, outcome: string, message: string, level: 'warn' | 'error' = 'warn'): void {
    this.ports.metrics.witnessAnswers.inc({ witness: state.witness.name, outcome });
    state.retryAt = Date.now() + state.backoffMs;
    state.backoffMs = Math.min(state.backoffMs * 2, MAX_BACKOFF_MS);
    this.ports.logger[level]({ witness: state.witness.name, outcome }, message);
  }
}
