import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min, registerDecorator, ValidateIf, ValidationArguments } from 'class-validator';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsClientId, OptionalField } from '../../../http/validators';

/** `position` or `projectId`, exactly one: an erasure names one entry or one project (API.md "Commands"). */
const ExactlyOneTarget = (): PropertyDecorator => (target: object, propertyName: string | symbol) =>
  registerDecorator({
    name: 'exactlyOneTarget',
    target: target.constructor,
    propertyName: propertyName as string,
    options: { message: 'give exactly one of position and projectId' },
    validator: {
      validate: (_value: unknown, args: ValidationArguments) => {
        const body = args.object as { position?: unknown; projectId?: unknown };
        return (body.position === undefined) !== (body.projectId === undefined);
      },
    },
  });

/** POST /v1/admin/erasures (API.md "Commands"; PIPL art. 47). */
export class ErasePrivateDataRequest extends PrivateNoteFields {
  @ApiPropertyOptional({ example: 2, description: 'the ledger position of the entry whose private part is erased (or projectId)' })
  // Checked when given, and when projectId is not (then it is missing): either way "exactly one" is judged here.
  @ValidateIf((body: { position?: unknown; projectId?: unknown }) => body.position !== undefined || body.projectId === undefined)
  @ExactlyOneTarget()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  position?: number;

  @ApiPropertyOptional({
    example: 'cc-2024-001',
    description: 'erase the private parts of every entry of the project, its contracts and its penalties (its history); or position',
  })
  @OptionalField()
  @IsClientId()
  projectId?: string;

  @ApiProperty({
    example: '服务对象本人申请删除其个人信息',
    description:
      'why the data is erased; part of the permanent, hashed record: no personal data here (internalNote is private and erasable)',
  })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiProperty({ example: '《个人信息保护法》第四十七条', description: 'the legal basis of the erasure; permanent and hashed like reason' })
  @IsString()
  @Length(1, 2000)
  legalBasis!: string;
}
