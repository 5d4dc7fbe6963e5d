import type { PenaltyImposedData } from './penalties.events';
import type { PenaltyImposedV1Data } from './penalties.events.v1';

/**
 * PenaltyImposed v1 → v2: the authority's name becomes `{ name, uscc: null }`; every field v1 did not
 * record is null (a gap, shown as missing). Nothing is derived from other streams: the cited violations'
 * kinds and severities are not in this entry, so violationType and severity stay null too, and without a
 * severity there is no publication period to compute.
 */
export function upcastPenaltyImposedV1(data: PenaltyImposedV1Data): PenaltyImposedData {
  const { authority, ...rest } = data;
  return {
    ...rest,
    decisionNumber: null,
    legalBasis: null,
    violationType: null,
    severity: null,
    facts: null,
    penaltyCategories: null,
    content: null,
    authority: { name: authority, uscc: null },
    dataSource: null,
    publicationMonths: null,
    publishedFrom: null,
    publishedUntil: null,
  };
}
