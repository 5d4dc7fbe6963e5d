import { Module } from '@nestjs/common';
import { DownloadsPageController } from './downloads/downloads.controller';
import { OcdsDownloadController } from './downloads/ocds-download.controller';
import { ProjectListPageController } from './projects/project-list.controller';
import { PublicApi } from './public-api';

/** The public portal and the auditor console (issue 16): pages rendered on the server from the public API. */
@Module({ controllers: [ProjectListPageController, DownloadsPageController, OcdsDownloadController], providers: [PublicApi] })
export class PortalModule {}
