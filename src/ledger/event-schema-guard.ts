import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { CURRENT_SCHEMA_VERSION, isLedgerEventType } from '../../events';
import schemas from '../../events/event-schemas.json';
import type { NewEvent, StreamWrite } from './event-store.port';

/**
 * An event the service itself produced does not match the schema of its type (events/ → npm run
 * schemas → events/event-schemas.json). Nothing of the commit is appended: the ledger keeps what it
 * writes forever, so a malformed fact must never reach it. Reaching this is a bug in the service
 * (a validation gap in front of a decider), never the caller's fault: a 500 that is logged as such.
 */
export class MalformedEventError extends Error {
  readonly code = 'MALFORMED_EVENT';
  constructor(
    readonly eventType: string,
    readonly problems: readonly string[],
  ) {
    super(`refused to append a malformed ${eventType} event: ${problems.join('; ')}`);
  }
}

const ROOT = 'events';
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addSchema(schemas, ROOT);

const compiled = new Map<string, ValidateFunction>();
function validatorAt(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${ROOT}#/definitions/EventSchemas/properties/${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

const describe = (where: string, errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map(
    (e) =>
      `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );

/** What is wrong with one new event against its type's current schema; empty when nothing is. */
export function eventSchemaProblems(event: Pick<NewEvent, 'type' | 'schemaVersion' | 'data' | 'private'>): string[] {
  if (!isLedgerEventType(event.type)) return [`type ${JSON.stringify(event.type)} is not in the event catalogue (events/)`];
  const current = CURRENT_SCHEMA_VERSION[event.type];
  // Appends are always of the current shape; older shapes exist only in stored entries (upcasters).
  if (event.schemaVersion !== current) return [`schemaVersion ${event.schemaVersion} is not the current ${current}`];
  const problems: string[] = [];
  const data = validatorAt(`data/properties/${event.type}`);
  if (!data(event.data)) problems.push(...describe('data', data.errors));
  if (event.private !== undefined) {
    const priv = validatorAt('private');
    if (!priv(event.private)) problems.push(...describe('private', priv.errors));
  }
  return problems;
}

/** Throws MalformedEventError for the first event of a commit whose data is not its schema's. */
export function assertEventSchemas(writes: readonly StreamWrite[]): void {
  for (const write of writes) {
    for (const event of write.events) {
      const problems = eventSchemaProblems(event);
      if (problems.length > 0)
        throw new MalformedEventError(
          event.type,
          problems.map((p) => `${write.streamId} ${event.eventId}: ${p}`),
        );
    }
  }
}
