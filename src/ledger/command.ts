import type { Principal } from '../shared/access';

/** The command side's vocabulary, shared by the HTTP shell (which builds it) and the runner (which uses it). */

/** What every command carries besides its body: who, why, and the HTTP preconditions (API.md "Conventions"). */
export interface CommandMeta {
  readonly principal: Principal;
  /** Shared by every entry a command appends; X-Correlation-Id when the caller sends one. */
  readonly correlationId: string;
  /** This request: the cause of the entries it appends. */
  readonly causationId: string;
  readonly idempotencyKey?: string;
  /** SHA-256 of method, route and canonical body: what an Idempotency-Key is bound to. */
  readonly requestHash: string;
  /** If-Match: the version the caller expects the command's stream to be at. */
  readonly ifMatch?: number;
}

/** API.md command response. */
export interface CommandResponse {
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly eventIds: readonly string[];
}

/** What every command handler returns to its controller. */
export interface CommandOutcome {
  readonly response: CommandResponse;
  readonly replayed: boolean;
  /** Nothing appended because the command's effect was already there (CommandPlan.unchanged): 200, not 201. */
  readonly unchanged?: boolean;
}
