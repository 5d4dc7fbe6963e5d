import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../../http/tokens';
import type { AppConfig } from '../../config/config';
import { LedgerTreeController } from './ledger-tree.http.controller';
import { LedgerTreeService } from './ledger-tree.service';
import { loadSigningKey, SIGNING_KEY } from './signing-key';

@Module({
  controllers: [LedgerTreeController],
  providers: [{ provide: SIGNING_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadSigningKey(config) }, LedgerTreeService],
  exports: [LedgerTreeService],
})
export class LedgerTreeModule {}
