import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { EVALUATION_METHODS, type EvaluationMethod } from '../../../../events/projects/projects.events';
import { IsCalendarDate, IsPositiveFen, IsUscc, NestedObject, OptionalField } from '../../../http/validators';
import { PrivateNoteFields } from '../../../http/private-fields.dto';

/** The document a condition was checked against (a certificate, an audit report, a credit-platform query…). */
export class EvidenceDto {
  @ApiProperty({ example: '营业执照 91220102MA0000001X', description: 'reference of the document checked; not blank' })
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: '$property must not be blank' })
  documentRef!: string;
}

/**
 * The evidence of each contractor condition (000 §二(二)1–5, 002 §三(二), 004 §三(二)). Each member may be
 * left out of the body so that the decider, not the validator, names the missing one (422
 * CONTRACTOR_CONDITIONS_UNMET); a member that is present must be `{ documentRef }` (400 otherwise).
 */
export class EligibilityDto {
  @ApiPropertyOptional({
    type: EvidenceDto,
    example: { documentRef: '营业执照 52220100MJ00000016' },
    description: '独立承担民事责任的能力',
  })
  @OptionalField()
  @NestedObject(() => EvidenceDto)
  civilLiability?: EvidenceDto;

  @ApiPropertyOptional({
    type: EvidenceDto,
    example: { documentRef: '场地租赁合同及社工证书清单 2024-03' },
    description: '设施、人员和专业技术能力',
  })
  @OptionalField()
  @NestedObject(() => EvidenceDto)
  facilitiesAndStaff?: EvidenceDto;

  @ApiPropertyOptional({
    type: EvidenceDto,
    example: { documentRef: '章程及财务管理制度 2023 版' },
    description: '内部治理结构、财务会计和资产管理制度',
  })
  @OptionalField()
  @NestedObject(() => EvidenceDto)
  governance?: EvidenceDto;

  @ApiPropertyOptional({
    type: EvidenceDto,
    example: { documentRef: '完税证明及社保缴费证明 2024-02' },
    description: '依法缴纳税收和社会保险的良好记录',
  })
  @OptionalField()
  @NestedObject(() => EvidenceDto)
  taxAndSocialInsurance?: EvidenceDto;

  @ApiPropertyOptional({
    type: EvidenceDto,
    example: { documentRef: '信用中国查询记录 2024-03-18' },
    description: '参加政府采购活动前三年内无重大违法记录',
  })
  @OptionalField()
  @NestedObject(() => EvidenceDto)
  noMajorViolations?: EvidenceDto;
}

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

  @ApiProperty({
    enum: EVALUATION_METHODS,
    example: 'comprehensive_scoring',
    description: '综合评分法 or 最低评标价法; price alone is refused (422 LOWEST_PRICE_ONLY, 000 §四(三))',
  })
  @IsIn(EVALUATION_METHODS)
  evaluationMethod!: EvaluationMethod;

  @ApiProperty({
    type: EligibilityDto,
    example: {
      civilLiability: { documentRef: '营业执照 52220100MJ00000016' },
      facilitiesAndStaff: { documentRef: '场地租赁合同及社工证书清单 2024-03' },
      governance: { documentRef: '章程及财务管理制度 2023 版' },
      taxAndSocialInsurance: { documentRef: '完税证明及社保缴费证明 2024-02' },
      noMajorViolations: { documentRef: '信用中国查询记录 2024-03-18' },
    },
    description: 'the evidence of each contractor condition; a missing one is 422 CONTRACTOR_CONDITIONS_UNMET',
  })
  @NestedObject(() => EligibilityDto)
  eligibility!: EligibilityDto;
}
