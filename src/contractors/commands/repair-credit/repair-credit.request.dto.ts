import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCalendarDate } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** POST /v1/contractors/:uscc/credit-repair (信用修复). */
export class RepairCreditRequest extends PrivateNoteFields {
  @ApiProperty({ example: '2025-06-01' })
  @IsCalendarDate()
  repairedAt!: string;

  @ApiProperty({ example: '长民信修〔2025〕3号 信用修复决定书', description: 'the decision the repair rests on' })
  @IsString()
  @Length(1, 5000)
  basis!: string;
}
