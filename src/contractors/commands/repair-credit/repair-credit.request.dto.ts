import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length } from 'class-validator';
import { IsCalendarDate, IsClientId, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** POST /v1/contractors/:uscc/credit-repair (信用修复 of one penalty's record, NDRC Order 36 of 2025). */
export class RepairCreditRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'pen-2024-001', description: 'the penalty whose record is repaired' })
  @IsClientId()
  penaltyId!: string;

  @ApiProperty({ example: '2025-06-01' })
  @IsCalendarDate()
  repairedAt!: string;

  @ApiProperty({ example: '长民信修〔2025〕3号 信用修复决定书', description: 'the decision on the repair application' })
  @IsString()
  @Length(1, 5000)
  basis!: string;

  @ApiProperty({ example: '本单位承诺所提交材料真实有效，愿意承担违反承诺的相应责任', description: "the subject's public 信用承诺" })
  @IsString()
  @Length(1, 5000)
  commitment!: string;

  @ApiProperty({ example: true, description: 'the obligations of the penalty are fulfilled (must be true)' })
  @IsBoolean()
  obligationsFulfilled!: boolean;

  @ApiPropertyOptional({ example: '2024-08-01', description: 'when the fine was paid; required when the penalty had a fine' })
  @OptionalField()
  @IsCalendarDate()
  finePaidOn?: string;
}
