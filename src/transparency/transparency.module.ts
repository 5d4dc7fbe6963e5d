import { Module } from '@nestjs/common';
import { LedgerTreeModule } from '../ledger/tree/ledger-tree.module';
import { LedgerTreeController } from './ledger-tree.http.controller';
import { TlogTilesController } from './tlog-tiles.http.controller';
import { TlogTilesService } from './tlog-tiles.service';

/** Checkpoints, proofs, proof bundles and C2SP tiles over HTTP (DESIGN.md: src/transparency/), over the ledger's tree service. */
@Module({ imports: [LedgerTreeModule], controllers: [LedgerTreeController, TlogTilesController], providers: [TlogTilesService] })
export class TransparencyModule {}
