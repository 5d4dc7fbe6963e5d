import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent } from '../../src/ledger/event-store.port';

/** A test event with sensible metadata; override what the test is about. */
export function newEvent(type: string, data: JsonObject = {}, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { actor: 'test', role: 'admin', correlationId: 'corr-1', causationId: 'cause-1' },
    ...overrides,
  };
}
