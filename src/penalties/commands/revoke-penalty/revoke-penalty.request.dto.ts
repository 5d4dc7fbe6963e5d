import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate } from '../../../http/validators';

/** POST /v1/penalties/:penaltyId/revocation (API.md "Commands"). */
export class RevokePenaltyRequest extends PrivateNoteFields {
  @ApiProperty({ example: '2024-09-01' })
  @IsCalendarDate()
  decidedAt!: string;

  @ApiProperty({ example: '行政复议决定撤销原处罚' })
  @IsString()
  @Length(1, 10_000)
  reason!: string;
}
