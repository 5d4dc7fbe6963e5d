import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, Length } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate } from '../../../http/validators';

/** POST /v1/contracts/:contractId/announcement (API.md "Commands"). */
export class AnnounceContractRequest extends PrivateNoteFields {
  @ApiProperty({ example: '2024-04-12', description: 'the day the contract was published' })
  @IsCalendarDate()
  announcedAt!: string;

  @ApiProperty({ example: 'https://www.ccgp-jilin.gov.cn/contracts/C-2024-001', description: 'where it is published (http or https)' })
  @IsString()
  @Length(1, 2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url!: string;
}
