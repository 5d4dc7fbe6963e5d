import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate } from '../../../http/validators';

/** POST /v1/contracts/:contractId/completion (API.md "Commands"). */
export class CompleteContractRequest extends PrivateNoteFields {
  @ApiProperty({ example: '2025-04-30', description: 'the day the service was accepted (检查验收)' })
  @IsCalendarDate()
  acceptedAt!: string;

  @ApiProperty({ example: '验收合格：完成家计调查 3,012 户' })
  @IsString()
  @Length(1, 10_000)
  report!: string;
}
