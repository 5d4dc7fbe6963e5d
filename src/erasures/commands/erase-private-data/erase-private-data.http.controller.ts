import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { CommandMeta, CommandResponse } from '../../../ledger/command';
import { ErasePrivateDataCommand, type ErasurePayload } from './erase-private-data.command';
import { ErasePrivateDataRequest } from './erase-private-data.request.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiExtraModels(ErasePrivateDataRequest)
@Controller('v1/admin/erasures')
export class ErasePrivateDataController {
  constructor(private readonly commands: CommandBus) {}

  /** Admin only (API.md): PrivateDataErased, and the private parts deleted in the same transaction (PIPL art. 47). */
  @ApiOperation({
    summary: 'Erase the private parts (content and salt) of one entry or of every entry of a project; proofs stay valid',
    description:
      'Appends PrivateDataErased { positions, reason, legalBasis } naming the entries whose private parts it deleted. ' +
      'The entries keep their privateDigest; auditors see `privateErased: true`. Repeating an erasure appends nothing ' +
      'and answers 200 with the earlier PrivateDataErased (its position; eventIds of every earlier erasure involved).',
  })
  @ApiResponse({ status: 201, description: 'erased: the PrivateDataErased entry appended' })
  @ApiResponse({
    status: 200,
    description: 'already erased: nothing appended; the response names the earlier PrivateDataErased entry',
    schema: { $ref: '#/components/schemas/CommandResponse' },
  })
  // Exactly one of position and projectId: a body with both, or neither, is a 400.
  @ApiBody({
    schema: {
      allOf: [{ $ref: getSchemaPath(ErasePrivateDataRequest) }],
      oneOf: [{ required: ['position'] }, { required: ['projectId'] }],
      example: { position: 2, reason: '服务对象本人申请删除其个人信息', legalBasis: '《个人信息保护法》第四十七条' },
    },
  })
  @Post()
  @Roles()
  async erase(
    @Body() body: ErasePrivateDataRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    const { position, projectId, reason, legalBasis, internalNote } = body;
    // The DTO admits exactly one of the two.
    const target = projectId !== undefined ? { projectId } : { position: position! };
    const payload: ErasurePayload = { ...target, reason, legalBasis, ...(internalNote !== undefined ? { internalNote } : {}) };
    return sendCommandOutcome(res, await this.commands.execute(new ErasePrivateDataCommand(meta, payload)));
  }
}
