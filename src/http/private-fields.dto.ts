import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { OptionalField } from './validators';

/**
 * `internalNote`, accepted by every command (API.md "Private data"): stored beside the entry,
 * never in `data`, never disclosed. Request DTOs extend this class.
 */
export class PrivateNoteFields {
  @ApiPropertyOptional({ example: '经办人已电话核实', description: 'private free text: visible to auditors and the owning purchaser only' })
  @OptionalField()
  @IsString()
  @Length(1, 10_000)
  internalNote?: string;
}
