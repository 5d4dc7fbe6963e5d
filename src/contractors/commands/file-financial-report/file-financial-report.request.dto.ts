import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** POST /v1/contractors/:uscc/financial-reports (财务报告 and its CPA audit: 000 §四(四)2, 002 §四(三)). */
export class FileFinancialReportRequest extends PrivateNoteFields {
  @ApiProperty({ example: 2024, minimum: 2000, maximum: 2100, description: 'the financial year the report covers' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '吉林正信会计师事务所有限公司', description: 'the accounting firm that audited the report' })
  @IsString()
  @Length(1, 200)
  auditFirm!: string;

  @ApiProperty({ example: '吉正会审字〔2025〕第0123号', description: "the audit report's number" })
  @IsString()
  @Length(1, 200)
  reportNumber!: string;

  @ApiProperty({ example: '2025-04-15', description: 'the date of the audit report, after the year has closed' })
  @IsCalendarDate()
  auditedOn!: string;
}
