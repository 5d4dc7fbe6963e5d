import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate, IsClientId, IsPositiveFen } from '../../../http/validators';

/** POST /v1/contracts/:contractId/payments (API.md "Commands"). */
export class RecordPaymentRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'pay-2024-05' })
  @IsClientId()
  paymentId!: string;

  @ApiProperty({ example: 37_500_000, description: 'integer fen' })
  @IsPositiveFen()
  amount!: number;

  @ApiProperty({ example: '2024-05-15' })
  @IsCalendarDate()
  paidAt!: string;

  @ApiProperty({
    example: 'service_fee',
    description: 'what the money pays for; salaries, equipment, construction and operating_expenses are refused (003 §一(一))',
  })
  @IsString()
  @Length(1, 200)
  purpose!: string;
}
