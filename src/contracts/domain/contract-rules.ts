import type { Fen, FinalSettlement, IsoDate, Severity, ViolationKind } from '../../../events';
import type { PaymentPurpose, PolicyPack } from '../../policy';
import { isBefore } from '../../shared/domain/dates';
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

/**
 * CONTRACT_MISMATCH (000 §四(三)1: the contract fixes its 资金结算方式): acceptance while scheduled instalments
 * are unpaid must say how they are settled — `finalSettlement.amount`, what remains payable after acceptance
 * (0 … the unpaid remainder), and its reason (non-blank: the HTTP layer refuses a blank one with 400).
 * Without a remainder a settlement may only be 0.
 */
export function checkCompletion(contractId: string, contractAmount: Fen, paid: Fen, settlement: FinalSettlement | undefined): void {
  const unpaid = contractAmount - paid;
  if (settlement === undefined) {
    if (unpaid > 0)
      throw new RuleViolation(
        'CONTRACT_MISMATCH',
        `contract ${contractId} has ${cny(unpaid)} of its ${cny(contractAmount)} payment schedule unpaid; acceptance needs ` +
          `finalSettlement { amount, reason }: what remains payable after acceptance and why (000 §四(三)1 资金结算方式)`,
      );
    return;
  }
  if (settlement.amount > unpaid)
    throw new RuleViolation(
      'CONTRACT_MISMATCH',
      `finalSettlement of ${cny(settlement.amount)} exceeds the unpaid remainder ${cny(unpaid)} of contract ${contractId} ` +
        `(${cny(paid)} of ${cny(contractAmount)} paid) by ${cny(settlement.amount - unpaid)} (000 §四(三)1)`,
    );
}

/**
 * PAYMENT_EXCEEDS_CONTRACT after acceptance: the final settlement fixed what remains payable (000 §四(五)2:
 * 按照合同约定向承接主体支付款项), so Σ payments may reach what was paid on acceptance plus the settlement, no more.
 */
export function checkPaymentAfterAcceptance(
  payment: { readonly contractId: string; readonly paymentId: string; readonly amount: Fen },
  contract: {
    readonly paid: Fen;
    readonly paidOnAcceptance: Fen;
    readonly acceptedAt: IsoDate;
    readonly finalSettlement: FinalSettlement | null;
  },
): void {
  const { contractId, paymentId, amount } = payment;
  const settled = contract.finalSettlement?.amount ?? 0;
  const payable = contract.paidOnAcceptance + settled - contract.paid;
  if (amount > payable)
    throw new RuleViolation(
      'PAYMENT_EXCEEDS_CONTRACT',
      `payment ${paymentId} of ${cny(amount)} exceeds what remains payable under contract ${contractId} after its acceptance on ` +
        `${contract.acceptedAt}: ${cny(payable)} of the final settlement of ${cny(settled)} (000 §四(五)2)`,
    );
}

/**
 * The purchaser's takeover (000 §四(四)3; 001 §二(六): 及时启动预案) after a service failure: once per contract
 * (INVALID_STATE), not dated before the signing (DATE_OUT_OF_ORDER). A contract signed before the plan was
 * recorded (takeoverPlan null) may still record its takeover: refusing would leave the ledger silent on a
 * takeover that happened, and the missing plan stays visible on the contract.
 */
export function checkTakeover(
  takeover: { readonly contractId: string; readonly activatedAt: IsoDate },
  signedAt: IsoDate,
  activatedBefore: IsoDate | null,
): void {
  const { contractId, activatedAt } = takeover;
  if (activatedBefore !== null)
    throw new RuleViolation('INVALID_STATE', `the takeover plan of contract ${contractId} was already activated on ${activatedBefore}`);
  if (isBefore(activatedAt, signedAt))
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `takeover activated on ${activatedAt}, before contract ${contractId} was signed (${signedAt}) (000 §四(四)3)`,
    );
}
