import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import {
  IsCalendarDate,
  IsClientId,
  IsPositiveFen,
  IsRegionCode,
  NestedArray,
  NestedObject,
  OptionalField,
} from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

export class PurchaserDto {
  @ApiProperty({ example: '220102000000', description: "the purchasing organ's code" })
  @IsString()
  @Length(1, 64)
  code!: string;

  @ApiProperty({ example: '长春市南关区民政局' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

/** A service recipient (救助对象): personal data, private by construction. */
export class RecipientDto {
  @ApiProperty({ example: '王某某' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: '220102194501010012' })
  @IsString()
  @Length(1, 64)
  idNumber!: string;

  @ApiProperty({ example: '独居，需每周上门照料' })
  @IsString()
  @Length(1, 2000)
  needs!: string;
}

/** POST /v1/projects (API.md "Commands"). */
export class RegisterProjectRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'cc-2024-001' })
  @IsClientId()
  projectId!: string;

  @ApiProperty({ example: '220102' })
  @IsRegionCode()
  region!: string;

  @ApiProperty({ example: 2024 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear!: number;

  @ApiProperty({
    example: '2024-01-15',
    description:
      'the business date of the registration (China Standard Time); it selects the policy pack. Not after today + 1 day, not before 1 January of the year before fiscalYear',
  })
  @IsCalendarDate()
  registeredOn!: string;

  @ApiProperty({ type: PurchaserDto })
  @NestedObject(() => PurchaserDto)
  purchaser!: PurchaserDto;

  @ApiProperty({ example: '南关区困难老人居家照料服务' })
  @IsString()
  @Length(1, 500)
  title!: string;

  @ApiProperty({ example: 'service.care', description: 'catalogue code (DOMAIN.md "Service catalogue")' })
  @IsString()
  @Length(1, 100)
  category!: string;

  @ApiProperty({ example: 80_000_000, description: 'integer fen' })
  @IsPositiveFen()
  budget!: number;

  @ApiPropertyOptional({ type: [RecipientDto], description: "private: service recipients' personal data" })
  @OptionalField()
  @NestedArray(() => RecipientDto, { max: 10_000 })
  recipients?: RecipientDto[];
}
