import { Module } from '@nestjs/common';
import { DisclosureController } from './queries/disclosure.http.controller';
import { OcdsController } from './queries/ocds.http.controller';

@Module({ controllers: [DisclosureController, OcdsController] })
export class DisclosureModule {}
