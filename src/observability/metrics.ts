import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per application instance, so tests that start several apps do not collide. */
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly appends = new Counter({
    name: 'ledger_appends_total',
    help: 'Append calls by outcome (ok, replayed, conflict, invalid, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly appendedEntries = new Counter({
    name: 'ledger_appended_entries_total',
    help: 'Entries appended to the ledger',
    registers: [this.registry],
  });
  readonly appendSeconds = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Time from append call to durable commit',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly headPosition = new Gauge({
    name: 'ledger_head_position',
    help: 'Last committed ledger position seen by this instance',
    registers: [this.registry],
  });
  readonly httpRequests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly witnessAnswers = new Counter({
    name: 'ledger_witness_answers_total',
    help: 'add-checkpoint answers by witness and outcome (cosigned, conflict, refused, unreachable, bad_cosignature, error)',
    labelNames: ['witness', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly witnessedSize = new Gauge({
    name: 'ledger_witnessed_size',
    help: 'The largest checkpoint size each witness has cosigned',
    labelNames: ['witness'] as const,
    registers: [this.registry],
  });

  readonly projectionRetries = new Counter({
    name: 'projection_store_retries_total',
    help: 'Times a following projection resumed from its checkpoint after its read-model store or the ledger failed',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Projection gauges, read when scraped: lag behind the ledger head, failure, position. */
  watchProjections(read: () => Promise<{ head: number; statuses: readonly { name: string; position: number; status: string }[] }>): void {
    let pending: Promise<void> | null = null;
    // One read per scrape serves all three gauges.
    const collect = (): Promise<void> =>
      (pending ??= (async () => {
        const { head, statuses } = await read();
        for (const s of statuses) {
          lag.set({ projection: s.name }, head - s.position);
          failed.set({ projection: s.name }, s.status === 'failed' ? 1 : 0);
          position.set({ projection: s.name }, s.position);
        }
      })().finally(() =>
        setImmediate(() => {
          pending = null;
        }),
      ));
    const lag = new Gauge({
      name: 'projection_lag',
      help: 'Ledger entries a projection has not applied yet',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect,
    });
    const failed = new Gauge({
      name: 'projection_failed',
      help: '1 when a projection stopped at an entry it cannot apply',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect,
    });
    const position = new Gauge({
      name: 'projection_position',
      help: 'Last ledger position a projection applied',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect,
    });
  }
}
