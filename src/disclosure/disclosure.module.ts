import { Module } from '@nestjs/common';
import { DisclosedContractorController } from './queries/contractor.http.controller';
import { DisclosureController } from './queries/disclosure.http.controller';
import { OcdsController } from './queries/ocds.http.controller';

@Module({ controllers: [DisclosureController, DisclosedContractorController, OcdsController] })
export class DisclosureModule {}
