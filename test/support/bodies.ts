import type { ProblemBody } from '../../src/http/problem';
import type { CommandResponse } from '../../src/ledger/command';

export type { CommandResponse, ProblemBody };

/** A page of a list endpoint (API.md "Pagination"). */
export interface Page<T = Record<string, unknown>> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * A response body as the shape the test reads it in (supertest types every body `any`).
 * The type is a claim, not a check: the assertions that read the body check it.
 */
export function bodyOf<T>(res: { readonly body: unknown }): T {
  return res.body as T;
}

/** GET /v1/ledger/proofs/inclusion, and the proof in an entry's bundle. */
export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly auditPath: string[];
}

/** GET /v1/ledger/entries/:position/proof */
export interface ProofBundle {
  readonly entry: Record<string, unknown> & { readonly leafHash: string };
  readonly proof: InclusionProof;
  readonly checkpoint: string;
  readonly verifierKey: string;
}
