import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { CONTRACTOR_KINDS, type ContractorKind } from '../../../../events/common';
import { IsRegionCode, IsUscc, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** POST /v1/contractors — a contractor (承接主体) of a kind 000 §二 allows. */
export class RegisterContractorRequest extends PrivateNoteFields {
  @ApiProperty({ example: '52220100MJ00000016' })
  @IsUscc()
  uscc!: string;

  @ApiProperty({ example: '长春市阳光社会工作服务中心' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: CONTRACTOR_KINDS, example: 'social_organization' })
  @IsIn(CONTRACTOR_KINDS)
  kind!: ContractorKind;

  @ApiPropertyOptional({ example: '220102' })
  @OptionalField()
  @IsRegionCode()
  region?: string;
}
