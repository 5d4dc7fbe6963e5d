import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsString, Length } from 'class-validator';
import { PENALTY_CATEGORIES, type PenaltyCategory } from '../../../../events/common';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate, IsClientId, IsPositiveFen, IsUscc, NestedObject, OptionalField } from '../../../http/validators';

/** 一定期限内禁止参与: both days inclusive. */
export class DebarmentPeriodDto {
  @ApiProperty({ example: '2024-07-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2027-06-30' })
  @IsCalendarDate()
  until!: string;
}

/** 处罚机关 / 数据来源单位: name and unified social credit code. */
export class OrganizationDto {
  @ApiProperty({ example: '长春市民政局' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '11220100MB1234567K', description: '统一社会信用代码 (GB 32100-2015, checksum validated)' })
  @IsUscc()
  uscc!: string;
}

/** POST /v1/contracts/:contractId/penalties (API.md "Commands"). */
export class ImposePenaltyRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'pen-2024-001' })
  @IsClientId()
  penaltyId!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['v-2024-001'],
    description:
      'recorded violations of this contract; a penalty cites violations and/or failed evaluations (422 PENALTY_WITHOUT_VIOLATION when neither)',
  })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsClientId({ each: true })
  violationIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['eval-2024-q2'],
    description: 'failed (grade `fail`, 不合格) evaluations of this contract (004 §三(五): rectification, debarment for a period)',
  })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsClientId({ each: true })
  evaluationIds?: string[];

  @ApiProperty({ example: '2024-07-01' })
  @IsCalendarDate()
  decidedAt!: string;

  @ApiPropertyOptional({
    example: '2024-09-30',
    description: '整改期限: the last day to rectify; not before decidedAt (422 DATE_OUT_OF_ORDER)',
  })
  @OptionalField()
  @IsCalendarDate()
  rectificationDeadline?: string;

  @ApiProperty({ example: '长民罚决字〔2024〕第1号', description: '行政处罚决定书文号' })
  @IsString()
  @Length(1, 200)
  decisionNumber!: string;

  @ApiProperty({ example: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项', description: '处罚依据: the rule cited' })
  @IsString()
  @Length(1, 2000)
  legalBasis!: string;

  @ApiProperty({ example: '承接主体将服务整体转包给无资质机构', description: '违法事实 (public summary)' })
  @IsString()
  @Length(1, 5000)
  facts!: string;

  @ApiProperty({ enum: PENALTY_CATEGORIES, isArray: true, example: ['fine', 'debarment'], description: '处罚类别, one or more' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PENALTY_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(PENALTY_CATEGORIES, { each: true })
  penaltyCategories!: PenaltyCategory[];

  @ApiProperty({ example: '罚款5万元，三年内禁止参与政府购买社会救助服务', description: '处罚内容' })
  @IsString()
  @Length(1, 5000)
  content!: string;

  @ApiProperty({ type: OrganizationDto, description: '处罚机关' })
  @NestedObject(() => OrganizationDto)
  authority!: OrganizationDto;

  @ApiPropertyOptional({ type: OrganizationDto, description: '数据来源单位; the authority when absent' })
  @OptionalField()
  @NestedObject(() => OrganizationDto)
  dataSource?: OrganizationDto;

  @ApiPropertyOptional({ example: 5_000_000, description: 'integer fen' })
  @OptionalField()
  @IsPositiveFen()
  fine?: number;

  @ApiPropertyOptional({ example: false, description: 'terminate the contract and activate the takeover plan' })
  @OptionalField()
  @IsBoolean()
  terminateContract?: boolean;

  @ApiPropertyOptional({ type: DebarmentPeriodDto, description: 'for a serious violation or a failed evaluation only' })
  @OptionalField()
  @NestedObject(() => DebarmentPeriodDto)
  debarment?: DebarmentPeriodDto;

  @ApiPropertyOptional({ example: false, description: 'publish a dishonesty record on the credit platforms (serious penalties only)' })
  @OptionalField()
  @IsBoolean()
  publishDishonestyRecord?: boolean;

  @ApiPropertyOptional({
    example: 12,
    description: "publication period in months, within the bounds for the penalty's severity as of decidedAt; the maximum when absent",
  })
  @OptionalField()
  @IsInt()
  publicationMonths?: number;
}
