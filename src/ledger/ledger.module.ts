import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from './event-store.port';
import { openStore } from './open-store';
import { InstrumentedEventStore } from './instrumented-event-store';
import { SchemaGuardedEventStore } from './schema-guarded-event-store';
import { LedgerWriter } from './ledger-writer';
import { CommandRunner } from './command-runner';
import { CorruptionLatch } from './corruption-latch';
import { LedgerMetrics } from '../observability/metrics';
import { AppConfig } from '../config/config';
import type { Logger } from 'pino';
import { APP_CONFIG, EVENT_STORE, LEDGER_ADAPTER, LOGGER } from '../shared/di-tokens';

@Global()
@Module({
  imports: [CqrsModule],
  providers: [
    LedgerMetrics,
    {
      // The adapter itself: for what shares its database (read models, Merkle tree).
      provide: LEDGER_ADAPTER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<EventStore> => openStore(config.database),
    },
    {
      provide: EVENT_STORE,
      // Every append of the service passes the schema guard: no malformed fact reaches the ledger.
      inject: [LEDGER_ADAPTER, LedgerMetrics, LOGGER],
      useFactory: async (adapter: EventStore, metrics: LedgerMetrics, logger: Logger): Promise<EventStore> => {
        const store = new InstrumentedEventStore(new SchemaGuardedEventStore(adapter, logger), metrics);
        metrics.headPosition.set(await store.head());
        return store;
      },
    },
    LedgerWriter,
    CommandRunner,
    CorruptionLatch,
  ],
  exports: [EVENT_STORE, LEDGER_ADAPTER, LedgerWriter, CommandRunner, LedgerMetrics, CorruptionLatch],
})
export class LedgerModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
