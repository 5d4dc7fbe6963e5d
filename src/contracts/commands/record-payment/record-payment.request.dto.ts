import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PAYMENT_PURPOSES, type PaymentPurpose } from '../../../policy/catalogue';
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
    enum: PAYMENT_PURPOSES,
    example: 'service_fee',
    description:
      'what the money pays for (GET /v1/catalogue: paymentPurposes); Inner Mongolia refuses salaries, operating_expenses, equipment and construction (003 §一(一))',
  })
  @IsIn(PAYMENT_PURPOSES)
  purpose!: PaymentPurpose;
}
