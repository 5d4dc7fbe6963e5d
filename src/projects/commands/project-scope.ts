import { StreamIds } from '../../../events/streams';
import type { IsoDate } from '../../../events';
import type { CommandMeta, CommandOutcome } from '../../ledger/command';
import type { CommandRunner, LoadedStream } from '../../ledger/command-runner';
import { stateOf } from '../../ledger/fold';
import { policyOrDefault, type PolicyPack } from '../../policy';
import { assertRegionScope, type Principal } from '../../shared/access';
import { businessDateOf, projectDecider, type ProjectCommand, type ProjectContexts, type ProjectState } from '../domain/projects.decider';

/** A purchaser acts only on projects of its regions; an unknown project is left to the decider (404). */
export function assertProjectScope(principal: Principal, state: ProjectState): void {
  if (state.status !== 'none') assertRegionScope(principal, state.project.region);
}

/**
 * The pack a project command is judged by: the project's region on the command's business date.
 * For a project that does not exist the decider refuses (NOT_FOUND) before any rule applies.
 */
export function projectPolicy(state: ProjectState, date: IsoDate): PolicyPack {
  return policyOrDefault(state.status === 'none' ? undefined : state.project.region, date);
}

type LaterCommand = Exclude<ProjectCommand, { type: 'RegisterProject' }>;

/**
 * load project-<id> (and the streams the command's context needs) → fold → scope → decide → append.
 * Every stream read guards the commit; `primaryStream` is what the response names (the project by default);
 * If-Match always guards the project, the resource of every route under /v1/projects/:projectId.
 */
export function runProjectCommand<C extends LaterCommand>(
  runner: CommandRunner,
  meta: CommandMeta,
  command: C,
  options: {
    readonly reads?: readonly string[];
    readonly primaryStream?: string;
    readonly context: (loaded: ReadonlyMap<string, LoadedStream>) => ProjectContexts[C['type']];
  },
): Promise<CommandOutcome> {
  const project = StreamIds.project(command.data.projectId);
  return runner.run(meta, {
    primaryStream: options.primaryStream ?? project,
    ifMatchStream: project,
    reads: [project, ...(options.reads ?? [])],
    decide: (loaded) => {
      const state = stateOf(loaded, project, projectDecider);
      assertProjectScope(meta.principal, state);
      return projectDecider.decide(command, state, projectPolicy(state, businessDateOf(command)), options.context(loaded));
    },
  });
}
