import { Controller, Get, Header, Inject, Optional, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ProjectionRunner } from '../projection-runner/projection-runner';
import { LedgerTreeService } from '../ledger/tree/ledger-tree.service';
import type { FastifyReply as Response } from 'fastify';
import type { EventStore } from '../ledger/event-store.port';
import { LedgerMetrics } from '../observability/metrics';
import { Public } from '../http/auth';
import { CacheFor } from '../http/http-cache';
import { EVENT_STORE } from '../shared/di-tokens';

const STORE_CHECK_TIMEOUT_MS = 2000;

@Controller()
@Public()
// The service's state now: never reused, and for its operators rather than for other sites' scripts.
@CacheFor('live')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: LedgerMetrics,
    @Optional() private readonly runner?: ProjectionRunner,
    @Optional() private readonly tree?: LedgerTreeService,
  ) {}

  /**
   * Liveness plus store readiness: 200 when the store answers (status "degraded" when a
   * projection has stopped at an entry it cannot apply, or cannot write its read model); 503 when the store does not answer or
   * the self-check found an entry that no longer matches its hash (status "corrupt").
   */
  @ApiOperation({ summary: 'Liveness and store readiness' })
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    try {
      const head = await withTimeout(this.store.head(), STORE_CHECK_TIMEOUT_MS);
      const statuses = this.runner ? await withTimeout(this.runner.statuses(), STORE_CHECK_TIMEOUT_MS) : [];
      const projections = statuses.map((s) => ({ ...s, lag: head - s.position }));
      const degraded = projections.some((p) => p.status === 'failed' || p.status === 'retrying');
      const ledger = this.tree?.health();
      // A ledger whose stored entries no longer match their hashes is not to be trusted: 503.
      const status = ledger?.status === 'corrupt' ? 'corrupt' : degraded ? 'degraded' : 'ok';
      res.status(status === 'corrupt' ? 503 : 200).send({
        status,
        store: { kind: this.store.kind, ready: true, head },
        ...(ledger ? { ledger } : {}),
        ...(this.runner ? { projections } : {}),
      });
    } catch (error) {
      res.status(503).send({ status: 'unavailable', store: { kind: this.store.kind, ready: false, error: (error as Error).message } });
    }
  }

  @ApiOperation({ summary: 'Prometheus metrics' })
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`store did not answer within ${ms} ms`)), ms);
    }),
  ]);
}
