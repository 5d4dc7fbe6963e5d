import type { PrivatePart, Recipient } from '../../../events';

/**
 * The decider shape (DESIGN.md "Writing a decider"; Emmett, EventSourcing.NodeJS): pure functions,
 * no I/O, no clock. Time and ids arrive on the command; cross-aggregate facts arrive as an explicit
 * `context` folded by the shell from the streams it loaded (and whose versions guard the append).
 */
export interface Command<T extends string, D> {
  readonly type: T;
  readonly data: Readonly<D>;
}

/** Private fields a command may carry (API.md "Private data"); they go to the event's private part. */
export type PrivateFields = {
  readonly internalNote?: string;
  readonly recipients?: readonly Recipient[];
};

/** `{ private: {...} }` for the primary event of a decision, or `{}` when the command carried nothing private. */
export function privateOf(fields: PrivateFields): { readonly private?: PrivatePart } {
  const part: { internalNote?: string; recipients?: Recipient[] } = {};
  if (fields.internalNote !== undefined) part.internalNote = fields.internalNote;
  if (fields.recipients !== undefined) part.recipients = fields.recipients.map(({ name, idNumber, needs }) => ({ name, idNumber, needs }));
  return Object.keys(part).length > 0 ? { private: part } : {};
}

/** A copy without the keys whose value is undefined: event data stays plain JSON. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Context handed to a decider for a different stream than it should be: a shell bug, not a rule. */
export class ContextMismatchError extends Error {}
