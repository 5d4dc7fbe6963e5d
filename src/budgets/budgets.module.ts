import { Module } from '@nestjs/common';
import { GetBudgetController } from './queries/get-budget.http.controller';

@Module({ controllers: [GetBudgetController] })
export class BudgetsModule {}
