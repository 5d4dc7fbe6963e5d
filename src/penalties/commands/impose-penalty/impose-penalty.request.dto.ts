import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsString, Length } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate, IsClientId, IsPositiveFen, NestedObject, OptionalField } from '../../../http/validators';

/** 一定期限内禁止参与: both days inclusive. */
export class DebarmentPeriodDto {
  @ApiProperty({ example: '2024-07-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2027-06-30' })
  @IsCalendarDate()
  until!: string;
}

/** POST /v1/contracts/:contractId/penalties (API.md "Commands"). */
export class ImposePenaltyRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'pen-2024-001' })
  @IsClientId()
  penaltyId!: string;

  @ApiProperty({ type: [String], example: ['v-2024-001'], description: 'recorded violations of this contract' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsClientId({ each: true })
  violationIds!: string[];

  @ApiProperty({ example: '2024-07-01' })
  @IsCalendarDate()
  decidedAt!: string;

  @ApiProperty({ example: '长春市民政局' })
  @IsString()
  @Length(1, 200)
  authority!: string;

  @ApiPropertyOptional({ example: 5_000_000, description: 'integer fen' })
  @OptionalField()
  @IsPositiveFen()
  fine?: number;

  @ApiPropertyOptional({ example: false, description: 'terminate the contract and activate the takeover plan' })
  @OptionalField()
  @IsBoolean()
  terminateContract?: boolean;

  @ApiPropertyOptional({ type: DebarmentPeriodDto, description: 'serious violations only' })
  @OptionalField()
  @NestedObject(() => DebarmentPeriodDto)
  debarment?: DebarmentPeriodDto;

  @ApiPropertyOptional({ example: false, description: 'publish a dishonesty record on the credit platforms' })
  @OptionalField()
  @IsBoolean()
  publishDishonestyRecord?: boolean;
}
