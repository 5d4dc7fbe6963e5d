/** Dependency-injection tokens, beside no module in particular: every layer of the shell may name them. */
export const LOGGER = Symbol('LOGGER');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CLOCK = Symbol('CLOCK');
export const LEDGER_ADAPTER = Symbol('LEDGER_ADAPTER');
export const PROJECTION_STORE = Symbol('PROJECTION_STORE');
export const PROJECTIONS = Symbol('PROJECTIONS');
