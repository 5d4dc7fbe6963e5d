import { StreamIds } from '../../../events/streams';
import type { IsoDate } from '../../../events';
import type { CommandRunner } from '../../ledger/command-runner';
import { stateOf } from '../../ledger/fold';
import { policyOrDefault, type PolicyPack } from '../../policy';
import { businessDateOf, contractDecider, type ContractCommand, type ContractState } from '../domain/contracts.decider';
import { Principal, assertRegionScope } from '../../shared/access';
import type { CommandMeta, CommandOutcome } from '../../ledger/command';

/**
 * A purchaser acts only on contracts of its regions (API.md roles). An unknown contract is left to
 * the decider, which refuses it with NOT_FOUND (404). Used by the contract and penalty commands.
 */
export function assertContractScope(principal: Principal, state: ContractState): void {
  if (state.status !== 'none') assertRegionScope(principal, state.contract.region);
}

/**
 * policyFor(contract region, businessDateOf(command)). Two cases never reach a rule that reads the
 * pack, so they take one that surely exists instead of failing on a date before every pack: an
 * unknown contract (the decider refuses NOT_FOUND first) and a date before the signing (refused
 * INVALID_STATE first; the signing date was itself judged by a pack).
 */
export function contractPolicy(state: ContractState, date: IsoDate): PolicyPack {
  return state.status === 'none' ? policyOrDefault(undefined, date) : policyOrDefault(state.contract.region, date, state.contract.signedAt);
}

/** load contract-<id> → fold → scope → decide → append to the same stream. */
export function runContractCommand(runner: CommandRunner, meta: CommandMeta, command: ContractCommand): Promise<CommandOutcome> {
  const stream = StreamIds.contract(command.data.contractId);
  return runner.run(meta, {
    primaryStream: stream,
    reads: [stream],
    foldOnly: true,
    decide: (loaded) => {
      const state = stateOf(loaded, stream, contractDecider);
      assertContractScope(meta.principal, state);
      return contractDecider.decide(command, state, contractPolicy(state, businessDateOf(command)));
    },
  });
}
