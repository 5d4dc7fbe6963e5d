import type { ContractorAwardedData, ProjectRegisteredData, TenderPublishedData } from './projects.events';
import type { ContractorAwardedV1Data, ProjectRegisteredV1Data, TenderPublishedV1Data } from './projects.events.v1';

/**
 * ProjectRegistered v1 → v2: v1's registeredAt was the day the ledger recorded the registration, which is
 * also the date its policy pack was chosen by; it is the only business date the ledger has for it.
 */
export function upcastProjectRegisteredV1(data: ProjectRegisteredV1Data): ProjectRegisteredData {
  const { registeredAt, ...rest } = data;
  return { ...rest, registeredOn: registeredAt };
}

/**
 * TenderPublished v1 → v2: v1 recorded no evaluation standards, approval nor public notice; they are
 * null (a gap, shown as missing), never invented — a v1 single-source tender may well have had its
 * approval, the ledger just does not know it.
 */
export function upcastTenderPublishedV1(data: TenderPublishedV1Data): TenderPublishedData {
  return { ...data, evaluationStandards: null, approval: null, publicNotice: null };
}

/** ContractorAwarded v1 → v2: v1 recorded no evaluation method and no eligibility evidence — null, not invented. */
export function upcastContractorAwardedV1(data: ContractorAwardedV1Data): ContractorAwardedData {
  return { ...data, evaluationMethod: null, eligibility: null };
}
