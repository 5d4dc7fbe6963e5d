import type { Role } from '../config/config';
import { regionPrefix } from './domain/region';

/** Who is acting: an authenticated API key (src/http/auth.ts makes one per request). */
export interface Principal {
  readonly id: string;
  readonly role: Role;
  readonly regions: readonly string[];
  /** The key holder's name and organization (LEDGER_API_KEYS), recorded with each entry for auditors. */
  readonly name?: string;
  readonly organization?: string;
}

/** A key acting outside its role or region scope; the problem filter answers 403 FORBIDDEN. */
export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
}

/** A purchaser for 220000 may act on any 22xxxx region; for 220100 on 2201xx; for 220102 on that county only. */
export function inRegionScope(principal: Principal, region: string): boolean {
  if (principal.role !== 'purchaser') return true;
  return principal.regions.some((scope) => region.startsWith(regionPrefix(scope)));
}

export function assertRegionScope(principal: Principal, region: string): void {
  if (!inRegionScope(principal, region)) {
    throw new ForbiddenError(`key ${principal.id} may act on regions ${principal.regions.join(', ')}, not on ${region}`);
  }
}
