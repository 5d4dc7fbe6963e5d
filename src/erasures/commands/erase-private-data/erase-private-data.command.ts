import { Command } from '@nestjs/cqrs';
import type { CommandMeta, CommandOutcome } from '../../../ledger/command';

/** The request as validated: exactly one of position and projectId. */
export type ErasurePayload = ({ readonly position: number } | { readonly projectId: string }) & {
  readonly reason: string;
  readonly legalBasis: string;
  readonly internalNote?: string;
};

export class ErasePrivateDataCommand extends Command<CommandOutcome> {
  constructor(
    readonly meta: CommandMeta,
    readonly data: ErasurePayload,
  ) {
    super();
  }
}
