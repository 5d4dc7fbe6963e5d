import type { ContractorAwardedData } from './projects.events';
import type { ContractorAwardedV1Data } from './projects.events.v1';

/** ContractorAwarded v1 → v2: v1 recorded no evaluation method and no eligibility evidence — null, not invented. */
export function upcastContractorAwardedV1(data: ContractorAwardedV1Data): ContractorAwardedData {
  return { ...data, evaluationMethod: null, eligibility: null };
}
