import { Module } from '@nestjs/common';
import { DisclosureController } from './queries/disclosure.http.controller';

@Module({ controllers: [DisclosureController] })
export class DisclosureModule {}
