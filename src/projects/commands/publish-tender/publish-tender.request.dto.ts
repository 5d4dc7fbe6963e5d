import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { PROCUREMENT_METHODS, type ProcurementMethod } from '../../../../events/common';
import { IsCalendarDate, IsPositiveFen, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

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

  @ApiPropertyOptional({ example: '该服务仅有一家机构具备所需资质', description: 'required for single_source (004 §三(四))' })
  @OptionalField()
  @IsString()
  @Length(1, 5000)
  singleSourceJustification?: string;
}
