import type { PenaltyImposedData } from './penalties.events';
import type { PenaltyImposedV1Data } from './penalties.events.v1';
import type { PenaltyImposedV2Data } from './penalties.events.v2';

/**
 * PenaltyImposed v1 → v2: the authority's name becomes `{ name, uscc: null }`; every field v1 did not
 * record is null (a gap, shown as missing). Nothing is derived from other streams: the cited violations'
 * kinds and severities are not in this entry, so violationType and severity stay null too, and without a
 * severity there is no publication period to compute.
 */
export function upcastPenaltyImposedV1(data: PenaltyImposedV1Data): PenaltyImposedV2Data {
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

/**
 * PenaltyImposed v2 → v3: before v3 a penalty could cite only violations and ordered no rectification, so a
 * v2 entry cites no evaluation (`[]`, a fact, not a gap) and has no rectification deadline (`null`).
 */
export function upcastPenaltyImposedV2(data: PenaltyImposedV2Data): PenaltyImposedData {
  return { ...data, evaluationIds: [], rectificationDeadline: null };
}
