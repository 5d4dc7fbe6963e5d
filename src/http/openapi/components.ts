import type { SchemaObject } from '@nestjs/swagger';
import { instant, object, position } from './schema';

/** The shared schemas the document names under components/schemas. */

const PROBLEM: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details (API.md "Errors")',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: 'tag:social-assistance-ledger,2026:problem:VALIDATION_FAILED' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', example: 'VALIDATION_FAILED' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const COMMAND_RESPONSE: SchemaObject = {
  type: 'object',
  description: 'API.md "Command responses"; `position` is the global ledger position of the last entry appended',
  required: ['streamId', 'version', 'position', 'eventIds'],
  properties: {
    streamId: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    position: { type: 'integer', minimum: 1 },
    eventIds: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
};
/** API.md "Ledger entry envelope". */
const LEDGER_ENTRY: SchemaObject = {
  ...object(
    {
      position,
      streamId: { type: 'string' },
      streamVersion: { type: 'integer', minimum: 1 },
      eventId: { type: 'string' },
      type: { type: 'string' },
      schemaVersion: { type: 'integer', minimum: 1 },
      data: { type: 'object' },
      privateDigest: { type: 'string', description: 'base64(SHA-256(privateSalt ‖ JCS(private)))' },
      metadata: object(
        {
          actor: { type: 'string' },
          role: { type: 'string' },
          correlationId: { type: 'string' },
          causationId: { type: 'string' },
          idempotencyKey: { type: 'string' },
        },
        ['actor', 'role', 'correlationId', 'causationId'],
      ),
      recordedAt: instant(),
      leafHash: { type: 'string', description: 'base64(SHA-256(0x00 ‖ JCS(envelope)))' },
      private: { type: 'object', description: 'auditors only: recipients, internalNote' },
      privateSalt: { type: 'string', description: 'auditors only' },
      privateErased: {
        type: 'boolean',
        enum: [true],
        description:
          'auditors only: the private part and its salt were erased (POST /v1/admin/erasures, PIPL art. 47); privateDigest stays. Not part of the hashed envelope',
      },
    },
    ['position', 'streamId', 'streamVersion', 'eventId', 'type', 'schemaVersion', 'data', 'metadata', 'recordedAt', 'leafHash'],
  ),
  description: 'API.md "Ledger entry envelope"',
};

/** One item of GET /v1/credit/feed (API.md "Queries"). */
const CREDIT_FEED_ITEM: SchemaObject = object({
  position,
  publishedBy: { ...position, description: "the entry that made it public (its own, or the contract's announcement)" },
  recordedAt: instant(),
  type: { type: 'string' },
  uscc: { type: 'string' },
  leafHash: { type: 'string' },
  data: {
    type: 'object',
    description:
      'an allow-listed public view of the event, by type (docs/credit-exchange.md): e.g. PenaltyImposed carries decisionNumber, legalBasis, severity, authority {name, uscc}, publishedFrom, publishedUntil; ViolationRecorded its description; CreditPublicationEnded penaltyId, endedOn, reason',
  },
});

/** By the names the document's $refs use (ref('Problem'), ...). */
export const SCHEMAS = {
  Problem: PROBLEM,
  CommandResponse: COMMAND_RESPONSE,
  LedgerEntry: LEDGER_ENTRY,
  CreditFeedItem: CREDIT_FEED_ITEM,
} as const;
