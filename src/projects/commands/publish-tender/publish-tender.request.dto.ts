import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { PROCUREMENT_METHODS, type ProcurementMethod } from '../../../../events/common';
import { IsCalendarDate, IsPositiveFen, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** POST /v1/projects/:projectId/tender — the information 000 §四(二) requires to be published. */
export class PublishTenderRequest extends PrivateNoteFields {
  @ApiProperty({ enum: PROCUREMENT_METHODS }) @IsIn(PROCUREMENT_METHODS)
  method!: ProcurementMethod;

  @ApiProperty({ example: '2024-03-01' }) @IsCalendarDate()
  publishedAt!: string;

  @ApiProperty() @IsString() @Length(1, 10_000)
  content!: string;

  @ApiProperty({ example: '12 months' }) @IsString() @Length(1, 500)
  term!: string;

  @ApiProperty() @IsString() @Length(1, 2000)
  quantity!: string;

  @ApiProperty() @IsString() @Length(1, 5000)
  quality!: string;

  @ApiProperty({ description: 'integer fen' }) @IsPositiveFen()
  priceCeiling!: number;

  @ApiProperty() @IsString() @Length(1, 5000)
  qualifications!: string;

  @ApiPropertyOptional({ description: 'required for single_source (004 §三(四))' })
  @OptionalField() @IsString() @Length(1, 5000)
  singleSourceJustification?: string;
}
