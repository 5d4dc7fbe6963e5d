import { Module } from '@nestjs/common';
import { CatalogueController } from './queries/catalogue.http.controller';

@Module({ controllers: [CatalogueController] })
export class CatalogueModule {}
