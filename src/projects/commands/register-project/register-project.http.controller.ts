import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { RegisterProjectCommand } from './register-project.command';
import { RegisterProjectRequest } from './register-project.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects')
export class RegisterProjectController {
  constructor(private readonly commands: CommandBus) {}

  /** Registers a project and reserves its budget against the region-year's 2% cap. */
  @ApiOperation({ summary: 'Register a project and reserve its budget against the region-year cap' })
  @Post()
  @Roles('purchaser')
  async register(
    @Body() body: RegisterProjectRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    const { projectId, region, fiscalYear, registeredOn, purchaser, title, category, budget, recipients, internalNote } = body;
    return sendCommandOutcome(
      res,
      await this.commands.execute(
        new RegisterProjectCommand(meta, {
          projectId,
          region,
          fiscalYear,
          registeredOn,
          purchaser: { code: purchaser.code, name: purchaser.name },
          title,
          category,
          budget,
          ...(recipients ? { recipients: recipients.map(({ name, idNumber, needs }) => ({ name, idNumber, needs })) } : {}),
          ...(internalNote !== undefined ? { internalNote } : {}),
        }),
      ),
    );
  }
}
