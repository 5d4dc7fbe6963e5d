import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate, IsPositiveFen, IsUscc } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** POST /v1/projects/:projectId/award. */
export class AwardContractorRequest extends PrivateNoteFields {
  @ApiProperty({ example: '52220100MJ00000016', description: 'unified social credit code' })
  @IsUscc()
  contractorUscc!: string;

  @ApiProperty({ example: 75_000_000, description: 'integer fen' })
  @IsPositiveFen()
  amount!: number;

  @ApiProperty({ example: '2024-03-20' })
  @IsCalendarDate()
  awardedAt!: string;
}
