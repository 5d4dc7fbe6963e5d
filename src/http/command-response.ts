import type { FastifyReply as Response } from 'fastify';
import type { CommandOutcome, CommandResponse } from '../ledger/command';

/**
 * API.md: 201 with { streamId, version, position, eventIds }. The stream version is also the
 * ETag, for a later If-Match; an idempotent replay says so in a header and returns the original.
 */
export function sendCommandOutcome(res: Response, outcome: CommandOutcome): CommandResponse {
  // An idempotent command that found its effect already in the ledger appended nothing: 200, the earlier entry.
  res.status(outcome.unchanged ? 200 : 201);
  res.header('ETag', `"${outcome.response.version}"`);
  if (outcome.replayed) res.header('Idempotent-Replayed', 'true');
  return outcome.response;
}
