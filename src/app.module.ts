import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { AppConfig } from './config/config';
import { LedgerModule } from './ledger/ledger.module';
import { HealthController } from './health/health.controller';
import { ApiKeyGuard } from './http/auth';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestValidationPipe } from './http/validation';
import { APP_CONFIG, CLOCK, LOGGER } from './shared/di-tokens';
import { Clock, systemClock } from './shared/clock';
import { FundsModule } from './funds/funds.module';
import { ProjectsModule } from './projects/projects.module';
import { ContractorsModule } from './contractors/contractors.module';
import { ContractsModule } from './contracts/contracts.module';
import { PenaltiesModule } from './penalties/penalties.module';
import { ErasuresModule } from './erasures/erasures.module';
import { AuditModule } from './audit/audit.module';
import { LedgerTreeModule } from './ledger/tree/ledger-tree.module';
import { ProjectionRunnerModule } from './projection-runner/projection-runner.module';
import { CreditModule } from './credit/credit.module';
import { BudgetsModule } from './budgets/budgets.module';
import { DisclosureModule } from './disclosure/disclosure.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { TransparencyModule } from './transparency/transparency.module';
import { PortalModule } from './portal/portal.module';

@Module({})
class ConfigModule {
  static forRoot(config: AppConfig, logger: Logger, clock: Clock): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [APP_CONFIG, LOGGER, CLOCK],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger, clock: Clock = systemClock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger, clock),
        CqrsModule.forRoot(),
        LedgerModule,
        FundsModule,
        ContractorsModule,
        ProjectsModule,
        ContractsModule,
        PenaltiesModule,
        ErasuresModule,
        AuditModule,
        LedgerTreeModule,
        ProjectionRunnerModule,
        CreditModule,
        BudgetsModule,
        DisclosureModule,
        CatalogueModule,
        TransparencyModule,
        PortalModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
      ],
    };
  }
}
