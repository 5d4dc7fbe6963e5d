import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate, IsFen, NestedObject, OptionalField } from '../../../http/validators';

/** How unpaid instalments are settled on acceptance (000 §四(三)1 资金结算方式). */
export class FinalSettlementDto {
  @ApiProperty({
    example: 37_500_000,
    description: 'integer fen: what remains payable after acceptance, from 0 to the unpaid remainder of the schedule',
  })
  @IsFen()
  amount!: number;

  @ApiProperty({ example: '尾款按合同约定于验收合格后 30 日内支付', description: 'not blank' })
  @IsString()
  @Length(1, 5000)
  @Matches(/\S/, { message: '$property must not be blank' })
  reason!: string;
}

/** POST /v1/contracts/:contractId/completion (API.md "Commands"). */
export class CompleteContractRequest extends PrivateNoteFields {
  @ApiProperty({ example: '2025-04-30', description: 'the day the service was accepted (检查验收)' })
  @IsCalendarDate()
  acceptedAt!: string;

  @ApiProperty({ example: '验收合格：完成家计调查 3,012 户' })
  @IsString()
  @Length(1, 10_000)
  report!: string;

  @ApiPropertyOptional({
    type: FinalSettlementDto,
    description:
      'required while scheduled instalments are unpaid (422 CONTRACT_MISMATCH otherwise): payments after acceptance may reach the settled amount, no more',
  })
  @OptionalField()
  @NestedObject(() => FinalSettlementDto)
  finalSettlement?: FinalSettlementDto;
}
