import type { TenderPublishedData } from './projects.events';
import type { TenderPublishedV1Data } from './projects.events.v1';

/**
 * TenderPublished v1 → v2: v1 recorded no evaluation standards, approval nor public notice; they are
 * null (a gap, shown as missing), never invented — a v1 single-source tender may well have had its
 * approval, the ledger just does not know it.
 */
export function upcastTenderPublishedV1(data: TenderPublishedV1Data): TenderPublishedData {
  return { ...data, evaluationStandards: null, approval: null, publicNotice: null };
}
