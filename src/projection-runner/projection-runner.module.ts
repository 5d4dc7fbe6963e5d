import { Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Projection } from '../../projections/projection';
import { PROJECTIONS as ALL_PROJECTIONS } from '../../projections';
import type { EventStore } from '../ledger/event-store.port';
import { LedgerMetrics } from '../observability/metrics';
import type { AppConfig } from '../config/config';
import { APP_CONFIG, EVENT_STORE, LEDGER_ADAPTER, LOGGER, PROJECTION_STORE, PROJECTIONS } from '../shared/di-tokens';
import { ProjectionRunner } from './projection-runner';
import type { ProjectionStore } from './projection-store.port';
import { projectionStoreFor } from './projection-store.factory';

@Global()
@Module({
  providers: [
    { provide: PROJECTIONS, useValue: ALL_PROJECTIONS },
    {
      provide: PROJECTION_STORE,
      inject: [LEDGER_ADAPTER, APP_CONFIG],
      useFactory: (adapter: EventStore, config: AppConfig) => projectionStoreFor(adapter, config.readModels),
    },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, PROJECTION_STORE, PROJECTIONS, LOGGER, APP_CONFIG, LedgerMetrics],
      useFactory: (
        store: EventStore,
        rows: ProjectionStore,
        projections: Projection[],
        logger: Logger,
        config: AppConfig,
        metrics: LedgerMetrics,
      ) =>
        new ProjectionRunner(store, rows, projections, {
          freshnessWaitMs: config.http.freshnessWaitMs,
          onError: (projection, position, error) =>
            logger.error({ projection, position, err: error }, 'projection stopped at an entry it cannot apply'),
          onRetry: (projection, error, pauseMs) => {
            metrics.projectionRetries.inc({ projection });
            logger.error({ projection, err: error, pauseMs }, 'following the ledger failed; resuming from the stored checkpoint');
          },
        }),
    },
  ],
  exports: [PROJECTION_STORE, ProjectionRunner],
})
export class ProjectionRunnerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    metrics: LedgerMetrics,
  ) {
    metrics.watchProjections(async () => ({ head: await this.store.head(), statuses: await this.runner.statuses() }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.rows.close();
  }
}
