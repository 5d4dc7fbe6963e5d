import type { Fen, Severity, ViolationKind } from '../../../events';
import type { PaymentPurpose, PolicyPack } from '../../policy';
import { cny } from '../../shared/domain/money';
import { RuleViolation } from '../../shared/domain/rule-violation';

/** The contract rules, one function per DOMAIN.md rule family, each throwing its exact code. */

/** PROHIBITED_USE_OF_FUNDS (the pack's prohibited purposes: Inner Mongolia, 003 §一(一)) and PAYMENT_EXCEEDS_CONTRACT (000 §四(五)2). */
export function checkPayment(
  payment: { readonly contractId: string; readonly paymentId: string; readonly amount: Fen; readonly purpose: PaymentPurpose },
  paid: Fen,
  contractAmount: Fen,
  policy: PolicyPack,
): void {
  const { contractId, paymentId, amount, purpose } = payment;
  // Own keys only, should a code ever collide with an Object.prototype member.
  const prohibited = Object.hasOwn(policy.prohibitedPurposes, purpose) ? policy.prohibitedPurposes[purpose] : undefined;
  if (prohibited !== undefined) {
    throw new RuleViolation(
      'PROHIBITED_USE_OF_FUNDS',
      `payment ${paymentId} of ${cny(amount)} for purpose ${purpose} is refused: ${prohibited} (${policy.id})`,
    );
  }
  const after = paid + amount;
  if (after > contractAmount) {
    throw new RuleViolation(
      'PAYMENT_EXCEEDS_CONTRACT',
      `payment ${paymentId} of ${cny(amount)} would bring payments under contract ${contractId} from ${cny(paid)} to ${cny(after)}, ` +
        `over the contract amount ${cny(contractAmount)} by ${cny(after - contractAmount)} (000 §四(五)2)`,
    );
  }
}

/** SUBCONTRACTING_PROHIBITED: subcontracting is always a serious violation (000 §四(四)2; 002 §三(四)). */
export function checkViolation(violationId: string, kind: ViolationKind, severity: Severity): void {
  if (kind === 'subcontracting' && severity !== 'serious') {
    throw new RuleViolation(
      'SUBCONTRACTING_PROHIBITED',
      `violation ${violationId}: subcontracting is always serious (000 §四(四)2: 严禁服务转包; 002 §三(四): 严禁转包行为), not ${severity}`,
    );
  }
}
