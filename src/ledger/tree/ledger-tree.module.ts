import { Module } from '@nestjs/common';
import { APP_CONFIG, LEDGER_ADAPTER } from '../../shared/di-tokens';
import type { AppConfig } from '../../config/config';
import { cosignatureStoreFor } from '../cosignature-store.factory';
import { COSIGNATURE_STORE } from './cosignature-store.port';
import { LedgerTreeService } from './ledger-tree.service';
import { loadSigningKey, SIGNING_KEY } from './signing-key';

@Module({
  providers: [
    { provide: SIGNING_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadSigningKey(config) },
    { provide: COSIGNATURE_STORE, inject: [LEDGER_ADAPTER], useFactory: cosignatureStoreFor },
    LedgerTreeService,
  ],
  exports: [LedgerTreeService],
})
export class LedgerTreeModule {}
