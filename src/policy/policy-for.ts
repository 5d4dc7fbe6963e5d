import type { IsoDate, RegionCode } from '../../events';
import { compareDates } from '../shared/domain/dates';
import { RuleViolation } from '../shared/domain/rule-violation';
import { NATIONAL_DEFAULT, POLICY_PACKS } from './packs';
import type { PolicyPack } from './policy-pack';

export const isInForce = (pack: PolicyPack, date: IsoDate): boolean =>
  compareDates(pack.effectiveFrom, date) <= 0 && (pack.effectiveTo === undefined || compareDates(date, pack.effectiveTo) <= 0);

/**
 * The pack in force for a region code on a business date: the province's own pack (first two
 * digits) if one is in force that day — the latest effectiveFrom if several overlap — else the
 * national default in force that day. A business date before every pack is refused with
 * DATE_OUT_OF_ORDER: no rule the ledger knows was in force then, so no fact can be judged on it.
 * `packs` is a parameter so tests can add a later pack and see earlier dates unchanged.
 */
export function policyFor(region: RegionCode, businessDate: IsoDate, packs: readonly PolicyPack[] = POLICY_PACKS): PolicyPack {
  const province = region.slice(0, 2);
  const latest = (jurisdiction: string): PolicyPack | undefined =>
    packs
      .filter((p) => p.jurisdiction === jurisdiction && isInForce(p, businessDate))
      .sort((a, b) => compareDates(b.effectiveFrom, a.effectiveFrom))[0];
  const pack = latest(province) ?? latest('national');
  if (!pack) {
    const earliest = packs.map((p) => p.effectiveFrom).sort(compareDates)[0];
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `no policy pack is in force for region ${region} on ${businessDate}: the earliest rules the ledger applies take effect on ${earliest}`,
    );
  }
  return pack;
}

/**
 * The pack a command on an existing aggregate is judged by, or the national default when there is no
 * aggregate (`region` undefined): the decider then refuses the command (NOT_FOUND) before any rule reads
 * the pack. `notBefore`: a date earlier than the aggregate's own start is refused by the decider first
 * (INVALID_STATE), so it takes the start's pack instead of failing on a date before every pack.
 */
export function policyOrDefault(region: RegionCode | undefined, businessDate: IsoDate, notBefore?: IsoDate): PolicyPack {
  if (region === undefined) return NATIONAL_DEFAULT;
  return policyFor(region, notBefore !== undefined && compareDates(businessDate, notBefore) < 0 ? notBefore : businessDate);
}
