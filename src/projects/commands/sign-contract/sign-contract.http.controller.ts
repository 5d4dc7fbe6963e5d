import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { Roles } from '../../../http/auth';
import { Meta } from '../../../http/command-meta';
import { sendCommandOutcome } from '../../../http/command-response';
import { ClientIdPipe } from '../../../http/params';
import { SignContractCommand } from './sign-contract.command';
import { SignContractRequest } from './sign-contract.request.dto';
import { CommandMeta, CommandResponse } from '../../../ledger/command';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('v1/projects/:projectId/contracts')
export class SignContractController {
  constructor(private readonly commands: CommandBus) {}

  @ApiOperation({ summary: 'Sign the written contract of an awarded project' })
  @Post()
  @Roles('purchaser')
  async sign(
    @Param('projectId', ClientIdPipe) projectId: string,
    @Body() body: SignContractRequest,
    @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandResponse> {
    const { paymentSchedule, budgetSources, ...rest } = body;
    return sendCommandOutcome(
      res,
      await this.commands.execute(
        new SignContractCommand(meta, {
          ...rest,
          projectId,
          paymentSchedule: paymentSchedule.map(({ dueDate, amount }) => ({ dueDate, amount })),
          ...(budgetSources === undefined
            ? {}
            : { budgetSources: budgetSources.map(({ fiscalYear, reference }) => ({ fiscalYear, reference })) }),
        }),
      ),
    );
  }
}
