import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate } from '../../../http/validators';

/** POST /v1/contracts/:contractId/takeover (API.md "Commands"). */
export class ActivateTakeoverRequest extends PrivateNoteFields {
  @ApiProperty({ example: '2024-09-02', description: 'the day the purchaser started the takeover plan' })
  @IsCalendarDate()
  activatedAt!: string;

  @ApiProperty({ example: '承接主体连续 7 日未上门服务，启动临时接管预案', description: 'the service failure; not blank' })
  @IsString()
  @Length(1, 5000)
  @Matches(/\S/, { message: '$property must not be blank' })
  reason!: string;
}
