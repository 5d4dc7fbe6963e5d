import { Module } from '@nestjs/common';
import { DisclosedBudgetController } from './queries/disclosed-budget.http.controller';
import { GetBudgetController } from './queries/get-budget.http.controller';

@Module({ controllers: [GetBudgetController, DisclosedBudgetController] })
export class BudgetsModule {}
