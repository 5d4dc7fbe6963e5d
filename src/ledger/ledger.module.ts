import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from './event-store.port';
import { openStore } from './open-store';
import { InstrumentedEventStore } from './instrumented-event-store';
import { LedgerWriter } from './ledger-writer';
import { CommandRunner } from './command-runner';
import { LedgerMetrics } from '../observability/metrics';
import { AppConfig } from '../config/config';
import { APP_CONFIG, EVENT_STORE } from '../http/tokens';

@Global()
@Module({
  imports: [CqrsModule],
  providers: [
    LedgerMetrics,
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG, LedgerMetrics],
      useFactory: async (config: AppConfig, metrics: LedgerMetrics): Promise<EventStore> => {
        const store = new InstrumentedEventStore(await openStore(config.database), metrics);
        metrics.headPosition.set(await store.head());
        return store;
      },
    },
    LedgerWriter,
    CommandRunner,
  ],
  exports: [EVENT_STORE, LedgerWriter, CommandRunner, LedgerMetrics],
})
export class LedgerModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
