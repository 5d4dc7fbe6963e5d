

import type { ProjectState } from '../domain/projects.decider';
import type { IsoDate } from '../../../events';
import { NATIONAL_DEFAULT, policyFor, type PolicyPack } from '../../policy';
import { Principal, assertRegionScope } from '../../shared/access';

/** A purchaser acts only on projects of its regions; an unknown project is left to the decider (404). */
export function assertProjectScope(principal: Principal, state: ProjectState): void {
  if (state.status !== 'none') assertRegionScope(principal, state.project.region);
}

/**
 * The pack a project command is judged by: the project's region on the command's business date.
 * For a project that does not exist the decider refuses (NOT_FOUND) before any rule applies, so
 * the national pack stands in.
 */
export function projectPolicy(state: ProjectState, date: IsoDate): PolicyPack {
  return state.status === 'none' ? NATIONAL_DEFAULT : policyFor(state.project.region, date);
}
