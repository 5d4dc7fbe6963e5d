import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, Length, Max, Min } from 'class-validator';
import { EVALUATORS, GRADES, type Evaluator, type Grade } from '../../../../events/common';
import { PrivateNoteFields } from '../../../http/private-fields.dto';
import { IsCalendarDate, IsClientId } from '../../../http/validators';
import { OptionalField } from '../../../http/validators';

const FINITE = { allowNaN: false, allowInfinity: false } as const;

/** POST /v1/contracts/:contractId/evaluations (API.md "Commands"). */
export class RecordEvaluationRequest extends PrivateNoteFields {
  @ApiProperty({ example: 'eval-2024-q2' })
  @IsClientId()
  evaluationId!: string;

  @ApiProperty({ enum: EVALUATORS, example: 'third_party' })
  @IsIn(EVALUATORS)
  evaluator!: Evaluator;

  @ApiProperty({ example: 92.5, minimum: 0, maximum: 100 })
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  score!: number;

  @ApiProperty({ example: '2024-07-01' })
  @IsCalendarDate()
  evaluatedAt!: string;

  @ApiPropertyOptional({ example: '入户调查完成率 100%，服务对象满意度高', description: 'public summary of the evaluation' })
  @OptionalField()
  @IsString()
  @Length(1, 10_000)
  summary?: string;

  @ApiPropertyOptional({ example: 0.95, minimum: 0, maximum: 1 })
  @OptionalField()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  satisfactionRate?: number;

  @ApiPropertyOptional({
    enum: GRADES,
    example: 'excellent',
    description:
      "优秀 / 良好 / 合格 / 不合格 as the evaluator states it (recorded as stated); when absent, derived from the score by the pack's thresholds",
  })
  @OptionalField()
  @IsIn(GRADES)
  grade?: Grade;
}
