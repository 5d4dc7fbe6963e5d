import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { SEVERITIES, VIOLATION_KINDS, type Severity, type ViolationKind } from '../../../../events/common';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate, IsClientId } from '../../../http/validators';

/** POST /v1/contracts/:contractId/violations (API.md "Commands"). */
export class RecordViolationRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'v-2024-001' })
  @IsClientId()
  violationId!: string;

  @ApiProperty({ enum: VIOLATION_KINDS, example: 'service_failure' })
  @IsIn(VIOLATION_KINDS)
  kind!: ViolationKind;

  @ApiProperty({ enum: SEVERITIES, example: 'serious', description: 'subcontracting is always serious' })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty({ example: '2024-06-01' })
  @IsCalendarDate()
  occurredAt!: string;

  @ApiProperty({ example: '伪造入户调查记录' })
  @IsString()
  @Length(1, 10_000)
  description!: string;
}
