import { IdempotencyClaim, InvalidAppendError, StreamWrite } from './event-store.port';

/**
 * The shape checks an append passes before anything is looked up or hashed. Callers outside
 * TypeScript (HTTP bodies turned into commands, scripts) can hand in anything, so every field
 * is checked at run time whatever its static type says.
 */

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,199}$/;
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;
/** PostgreSQL's schema_version is an INTEGER: past it, one adapter would store the event and the other fail on it. */
const MAX_SCHEMA_VERSION = 2 ** 31 - 1;

export function validateClaim(claim: IdempotencyClaim): void {
  for (const k of ['scope', 'key', 'requestHash'] as const) {
    if (typeof claim[k] !== 'string' || claim[k].length === 0 || claim[k].length > 255)
      throw new InvalidAppendError(`idempotency.${k} must be a string of 1 to 255 characters`);
  }
}

/** Erasures name stored entries: whole positions from 1 to the head the commit is planned on. */
export function validateErasures(positions: readonly number[] | undefined, head: number): void {
  if (positions === undefined) return;
  const list: unknown = positions;
  if (!Array.isArray(list)) throw new InvalidAppendError('erasePrivate must be a list of positions');
  for (const p of positions)
    if (!Number.isSafeInteger(p) || p < 1 || p > head)
      throw new InvalidAppendError(`cannot erase position ${JSON.stringify(p)}: no such entry`);
}

export function validateWrites(writes: readonly StreamWrite[]): void {
  // Checked through `unknown`: Array.isArray would otherwise narrow `writes` to any[].
  const list: unknown = writes;
  if (!Array.isArray(list) || writes.every((w) => !Array.isArray(w?.events) || w.events.length === 0))
    throw new InvalidAppendError('an append needs at least one event');
  // Repeats are looked for only where there can be any: the commonest append is one event to one stream.
  const streams = writes.length > 1 ? new Set<string>() : null;
  const ids = writes.length > 1 || writes[0].events.length > 1 ? new Set<string>() : null;
  for (const w of writes) {
    if (!STREAM_ID.test(w.streamId)) throw new InvalidAppendError(`invalid stream id ${JSON.stringify(w.streamId)}`);
    if (streams?.has(w.streamId)) throw new InvalidAppendError(`stream ${w.streamId} appears twice in one append`);
    streams?.add(w.streamId);
    const ev = w.expectedVersion;
    if (!(ev === 'any' || ev === 'no_stream' || (Number.isSafeInteger(ev) && ev >= 0))) {
      throw new InvalidAppendError(`invalid expectedVersion ${JSON.stringify(ev)}`);
    }
    // A write without events is a guard: the commit goes ahead only if that stream is still at the
    // expected version (a decision that read it must not stand once it has moved).
    if (w.events.length === 0 && ev === 'any') throw new InvalidAppendError(`no events for stream ${w.streamId}, and no version to guard`);
    for (const e of w.events) {
      if (typeof e.eventId !== 'string' || !EVENT_ID.test(e.eventId))
        throw new InvalidAppendError(`invalid event id ${JSON.stringify(e.eventId)}`);
      if (ids?.has(e.eventId)) throw new InvalidAppendError(`event id ${e.eventId} appears twice in one append`);
      ids?.add(e.eventId);
      if (typeof e.type !== 'string' || !EVENT_TYPE.test(e.type))
        throw new InvalidAppendError(`invalid event type ${JSON.stringify(e.type)}`);
      if (!Number.isSafeInteger(e.schemaVersion) || e.schemaVersion < 1 || e.schemaVersion > MAX_SCHEMA_VERSION)
        throw new InvalidAppendError(`invalid schemaVersion for ${e.eventId}`);
      if (e.data === null || typeof e.data !== 'object' || Array.isArray(e.data))
        throw new InvalidAppendError(`data of ${e.eventId} must be a JSON object`);
      const m = e.metadata;
      for (const k of ['actor', 'role', 'correlationId', 'causationId'] as const) {
        if (typeof m?.[k] !== 'string' || m[k].length === 0)
          throw new InvalidAppendError(`metadata.${k} of ${e.eventId} must be a non-empty string`);
      }
      if (m.idempotencyKey !== undefined && typeof m.idempotencyKey !== 'string')
        throw new InvalidAppendError(`metadata.idempotencyKey of ${e.eventId} must be a string`);
      if (e.private !== undefined && (e.private === null || typeof e.private !== 'object' || Array.isArray(e.private))) {
        throw new InvalidAppendError(`private part of ${e.eventId} must be a JSON object`);
      }
    }
  }
}
