import type { EventOfType, LedgerEventType } from './index';
import type { PrivatePart } from './common';

/**
 * The shapes the store guard checks before an append (src/ledger/event-schema-guard.ts): each event
 * type's current data, and the private part. `npm run schemas` turns this type into
 * events/event-schemas.json; a test regenerates it and fails when the two differ.
 */
export type EventSchemas = {
  readonly data: { readonly [T in LedgerEventType]: EventOfType<T>['data'] };
  readonly private: PrivatePart;
};
