import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate, IsClientId, IsPositiveFen, IsUscc, NestedArray, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

export class InstalmentDto {
  @ApiProperty({ example: '2024-06-30' })
  @IsCalendarDate()
  dueDate!: string;

  @ApiProperty({ example: 37_500_000, description: 'integer fen' })
  @IsPositiveFen()
  amount!: number;
}

/** The budget document of one later fiscal year of a multi-year contract (000 §四(三)3: 在预算保障的前提下). */
export class BudgetSourceDto {
  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear!: number;

  @ApiProperty({
    example: '长春市 2024—2026 年中期财政规划',
    description: "the year's budget: its approval number or the medium-term plan",
  })
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: '$property must not be blank' })
  reference!: string;
}

/** POST /v1/projects/:projectId/contracts — the written contract of 000 §四(三). */
export class SignContractRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'cc-2024-001-c1' })
  @IsClientId()
  contractId!: string;

  @ApiProperty({ example: '2024-03-25' })
  @IsCalendarDate()
  signedAt!: string;

  @ApiProperty({ example: 75_000_000, description: 'integer fen' })
  @IsPositiveFen()
  amount!: number;

  @ApiProperty({ example: '2024-04-01' })
  @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ example: '2025-03-31' })
  @IsCalendarDate()
  endDate!: string;

  @ApiProperty({
    type: [InstalmentDto],
    example: [
      { dueDate: '2024-06-30', amount: 37_500_000 },
      { dueDate: '2024-12-31', amount: 37_500_000 },
    ],
  })
  @NestedArray(() => InstalmentDto, { min: 1, max: 120 })
  paymentSchedule!: InstalmentDto[];

  @ApiProperty({ example: '每户每周 2 次上门照料，按月提交服务记录' })
  @IsString()
  @Length(1, 10_000)
  deliverables!: string;

  @ApiProperty({ example: '未按约定提供服务的，按日扣减服务费' })
  @IsString()
  @Length(1, 10_000)
  liabilities!: string;

  @ApiProperty({
    example: '承接主体不能按约提供服务时，由街道社工站在 24 小时内接管在册服务对象，原服务记录同步移交',
    description:
      '临时接管预案 made in advance (000 §四(四)3; 001 §二(六)); not blank. Shown with the contract (GET /v1/contracts/:contractId); like deliverables and liabilities, not in the public disclosure',
  })
  @IsString()
  @Length(1, 10_000)
  @Matches(/\S/, { message: '$property must not be blank' })
  takeoverPlan!: string;

  @ApiPropertyOptional({
    example: '服务对象需连续照料，分年签约将中断服务',
    description: 'required for a term over one year (000 §四(三)2–3)',
  })
  @OptionalField()
  @IsString()
  @Length(1, 5000)
  extendedTermJustification?: string;

  @ApiPropertyOptional({
    type: [BudgetSourceDto],
    example: [{ fiscalYear: 2025, reference: '长春市 2024—2026 年中期财政规划' }],
    description:
      "required for each fiscal year after the project's in which instalments fall due, and only for those (000 §四(三)3); " +
      "each year's instalments count against that year's cap",
  })
  @OptionalField()
  @NestedArray(() => BudgetSourceDto, { min: 1, max: 10 })
  budgetSources?: BudgetSourceDto[];

  @ApiPropertyOptional({ example: '52220100MJ00000016', description: 'the other party; when given it must be the awarded contractor' })
  @OptionalField()
  @IsUscc()
  contractorUscc?: string;
}
