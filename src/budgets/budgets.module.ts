import { Module } from '@nestjs/common';
import { DisclosedBudgetChildrenController } from './queries/disclosed-budget-children.http.controller';
import { DisclosedBudgetController } from './queries/disclosed-budget.http.controller';
import { GetBudgetController } from './queries/get-budget.http.controller';

@Module({ controllers: [GetBudgetController, DisclosedBudgetController, DisclosedBudgetChildrenController] })
export class BudgetsModule {}
