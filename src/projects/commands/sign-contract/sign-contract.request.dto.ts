import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCalendarDate, IsClientId, IsPositiveFen, IsUscc, NestedArray, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

export class InstalmentDto {
  @ApiProperty({ example: '2024-06-30' }) @IsCalendarDate()
  dueDate!: string;

  @ApiProperty({ description: 'integer fen' }) @IsPositiveFen()
  amount!: number;
}

/** POST /v1/projects/:projectId/contracts — the written contract of 000 §四(三). */
export class SignContractRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'cc-2024-001-c1' }) @IsClientId()
  contractId!: string;

  @ApiProperty() @IsCalendarDate()
  signedAt!: string;

  @ApiProperty({ description: 'integer fen' }) @IsPositiveFen()
  amount!: number;

  @ApiProperty() @IsCalendarDate()
  startDate!: string;

  @ApiProperty() @IsCalendarDate()
  endDate!: string;

  @ApiProperty({ type: [InstalmentDto] })
  @NestedArray(() => InstalmentDto, { min: 1, max: 120 })
  paymentSchedule!: InstalmentDto[];

  @ApiProperty() @IsString() @Length(1, 10_000)
  deliverables!: string;

  @ApiProperty() @IsString() @Length(1, 10_000)
  liabilities!: string;

  @ApiPropertyOptional({ description: 'required for a term over one year (000 §四(三)2–3)' })
  @OptionalField() @IsString() @Length(1, 5000)
  extendedTermJustification?: string;

  @ApiPropertyOptional({ description: 'the other party; when given it must be the awarded contractor' })
  @OptionalField() @IsUscc()
  contractorUscc?: string;
}
