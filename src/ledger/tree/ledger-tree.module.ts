import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../shared/di-tokens';
import type { AppConfig } from '../../config/config';
import { LedgerTreeService } from './ledger-tree.service';
import { loadSigningKey, SIGNING_KEY } from './signing-key';

@Module({
  providers: [{ provide: SIGNING_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadSigningKey(config) }, LedgerTreeService],
  exports: [LedgerTreeService],
})
export class LedgerTreeModule {}
