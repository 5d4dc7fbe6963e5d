import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { FUND_SOURCES, type FundSource } from '../../../../events/common';
import { IsPositiveFen, IsRegionCode } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** POST /v1/funds (API.md "Commands"). */
export class AllocateFundRequest extends PrivateNoteFields {
  @ApiProperty({ example: '220100', description: '6-digit region code the funds are allocated to' })
  @IsRegionCode()
  region!: string;

  @ApiProperty({ example: 2024 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear!: number;

  @ApiProperty({ enum: FUND_SOURCES, example: 'central' })
  @IsIn(FUND_SOURCES)
  source!: FundSource;

  @ApiProperty({ example: 5_000_000_000, description: 'integer fen' })
  @IsPositiveFen()
  amount!: number;

  @ApiProperty({ example: '财社〔2024〕12号', description: 'the allocation document' })
  @IsString()
  @Length(1, 200)
  reference!: string;
}
