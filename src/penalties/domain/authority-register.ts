import type { AuthorityEvent } from '../../../events';
import { RuleViolation } from '../../shared/domain/rule-violation';

/** authority-<uscc>: the decision numbers (文号) the authority has issued, each with its penalty. */
export interface AuthorityRegister {
  readonly issued: readonly { readonly decisionNumber: string; readonly penaltyId: string }[];
}

export const authorityRegister = {
  initialState: (): AuthorityRegister => ({ issued: [] }),
  evolve(state: AuthorityRegister, event: AuthorityEvent): AuthorityRegister {
    switch (event.type) {
      case 'DecisionNumberIssued':
        return { issued: [...state.issued, { decisionNumber: event.data.decisionNumber, penaltyId: event.data.penaltyId }] };
      default: {
        const unknown: never = event.type;
        throw new Error(`unknown authority event ${JSON.stringify(unknown)}`);
      }
    }
  },
} as const;

/** ALREADY_EXISTS — 行政处罚决定书文号 are unique per authority (issue 14): the authority's register already holds this one. */
export function checkDecisionNumber(
  register: AuthorityRegister,
  d: { readonly decisionNumber: string; readonly authority: { readonly name: string; readonly uscc: string } },
): void {
  const issued = register.issued.find((i) => i.decisionNumber === d.decisionNumber);
  if (issued) {
    throw new RuleViolation(
      'ALREADY_EXISTS',
      `decision number ${d.decisionNumber} of ${d.authority.name} (${d.authority.uscc}) was already issued for penalty ${issued.penaltyId}`,
    );
  }
}
