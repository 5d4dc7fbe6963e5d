import type { ProjectionRunner } from '../projection-runner/projection-runner';
import { ProblemException } from './problem';

/**
 * Read-your-writes: a command answers with its `position`; a read given ?minPosition=p waits
 * (at most FRESHNESS_WAIT_MS, the runner's freshnessWaitMs) until every read model it uses has applied p, then answers from them.
 */
export async function awaitFreshness(runner: ProjectionRunner, projections: readonly string[], minPosition: unknown): Promise<void> {
  if (minPosition === undefined) return;
  if (typeof minPosition !== 'string' || !/^\d{1,15}$/.test(minPosition)) {
    throw new ProblemException(400, 'VALIDATION_FAILED', 'minPosition must be a ledger position (a whole number)', [
      { path: 'query.minPosition', message: 'must be a whole number' },
    ]);
  }
  if (!(await runner.waitFor(projections, Number(minPosition), runner.freshnessWaitMs))) {
    throw new ProblemException(
      503,
      'SERVICE_UNAVAILABLE',
      `the read model has not reached position ${minPosition} within ${runner.freshnessWaitMs} ms; retry shortly`,
      undefined,
      { 'Retry-After': '1' },
    );
  }
}
