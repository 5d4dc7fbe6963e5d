import { Module } from '@nestjs/common';
import { LedgerTreeModule } from '../ledger/tree/ledger-tree.module';
import { LedgerTreeController } from './ledger-tree.http.controller';

/** Checkpoints, proofs and proof bundles over HTTP (DESIGN.md: src/transparency/), over the ledger's tree service. */
@Module({ imports: [LedgerTreeModule], controllers: [LedgerTreeController] })
export class TransparencyModule {}
