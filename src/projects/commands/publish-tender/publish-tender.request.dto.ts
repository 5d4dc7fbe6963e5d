import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUrl, Length } from 'class-validator';
import { PROCUREMENT_METHODS, type ProcurementMethod } from '../../../../events/common';
import { IsCalendarDate, IsPositiveFen, NestedObject, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** 004 §三(四): the finance department's approval of invited tender, competitive negotiation or single source. */
export class TenderApprovalDto {
  @ApiProperty({ example: '长春市南关区财政局', description: 'the approving finance department (同级财政部门)' })
  @IsString()
  @Length(1, 200)
  authority!: string;

  @ApiProperty({ example: '南财采〔2024〕12号', description: 'the approval document number' })
  @IsString()
  @Length(1, 200)
  reference!: string;

  @ApiProperty({ example: '2024-02-20', description: 'not after publishedAt' })
  @IsCalendarDate()
  approvedOn!: string;
}

/** 004 §三(四): a single-source purchase is publicly noticed (向社会公示) before it is made. */
export class TenderPublicNoticeDto {
  @ApiProperty({ example: 'https://www.ccgp-jilin.gov.cn/notices/2024-0042', description: 'where the notice is published (http or https)' })
  @IsString()
  @Length(1, 2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url!: string;

  @ApiProperty({ example: '2024-02-10', description: 'not after publishedAt' })
  @IsCalendarDate()
  publishedOn!: string;
}

/** POST /v1/projects/:projectId/tender — the information 000 §四(二) requires to be published. */
export class PublishTenderRequest extends PrivateNoteFields {
  @ApiProperty({ enum: PROCUREMENT_METHODS, example: 'competitive_consultation' })
  @IsIn(PROCUREMENT_METHODS)
  method!: ProcurementMethod;

  @ApiProperty({ example: '2024-03-01' })
  @IsCalendarDate()
  publishedAt!: string;

  @ApiProperty({ example: '为南关区困难老人提供居家照料服务' })
  @IsString()
  @Length(1, 10_000)
  content!: string;

  @ApiProperty({ example: '12 months' })
  @IsString()
  @Length(1, 500)
  term!: string;

  @ApiProperty({ example: '300 户，每户每周 2 次' })
  @IsString()
  @Length(1, 2000)
  quantity!: string;

  @ApiProperty({ example: '服务记录完整，满意度不低于 90%' })
  @IsString()
  @Length(1, 5000)
  quality!: string;

  @ApiProperty({ example: 80_000_000, description: 'integer fen' })
  @IsPositiveFen()
  priceCeiling!: number;

  @ApiProperty({ example: '依法登记的社会组织，配备持证社会工作者' })
  @IsString()
  @Length(1, 5000)
  qualifications!: string;

  @ApiProperty({
    example: '服务覆盖率、按时上门率、服务对象满意度（不低于 90%）与服务记录完整性，按季度评价',
    description: '绩效评价标准 (002 §三(四)), public',
  })
  @IsString()
  @Length(1, 10_000)
  evaluationStandards!: string;

  @ApiPropertyOptional({ example: '该服务仅有一家机构具备所需资质', description: 'required for single_source (004 §三(四))' })
  @OptionalField()
  @IsString()
  @Length(1, 5000)
  singleSourceJustification?: string;

  @ApiPropertyOptional({
    type: TenderApprovalDto,
    description: 'required for single_source, invited_tender and competitive_negotiation (004 §三(四))',
  })
  @OptionalField()
  @NestedObject(() => TenderApprovalDto)
  approval?: TenderApprovalDto;

  @ApiPropertyOptional({ type: TenderPublicNoticeDto, description: 'required for single_source (004 §三(四))' })
  @OptionalField()
  @NestedObject(() => TenderPublicNoticeDto)
  publicNotice?: TenderPublicNoticeDto;
}
