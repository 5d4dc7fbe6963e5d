import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { feedKey } from '../../../projections/credit_feed/credit_feed.projection';
import { ApiCsvForm, jsonOrCsv } from '../../http/csv';
import { CREDIT_FEED_CSV, creditFeedCsv, type FeedItem } from './credit-feed.csv';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { Roles } from '../../http/auth';
import { ApiKeysetPage, decodePublishedCursor, encodePairCursor, parseLimit } from '../../http/cursor';
import { awaitFreshness } from '../../http/freshness';
import { PROJECTION_STORE } from '../../shared/di-tokens';
import { ofKind } from '../../projection-runner/rows-of-kind';

type Cursor = readonly [publishedBy: number, position: number];

/** Items are ordered by (publishedBy, position): a contract's items published by its announcement come after what was served before it. */
const cursorOf = (item: FeedItem): string => encodePairCursor(item.publishedBy, item.position);

const HEARTBEAT_MS = 15_000;

/**
 * Resolves on the socket's 'drain' or 'close', whichever comes first, and removes both listeners: racing two
 * events.once() left the loser's listeners on the socket at every wait (found by the issue 18 soak).
 */
function drainedOrClosed(res: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
const STREAM_PAGE = 100;

/**
 * GET /v1/credit/feed: credit-relevant entries after a cursor, as pages or, with
 * `Accept: text/event-stream`, as a live SSE stream whose event ids are cursors, so a consumer
 * that reconnects with Last-Event-ID gets every entry exactly once. The stream reads a page at a
 * time and waits for the socket to drain, so a slow consumer holds one page, never a backlog.
 * A contract's signing and evaluations are published by its announcement (sealed until then).
 * `Accept: text/csv` gives a page as CSV (the stream stays SSE).
 */
@ApiTags('credit')
@ApiBearerAuth()
@Controller('v1/credit/feed')
@Roles('credit-platform', 'auditor')
export class CreditFeedController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @ApiOperation({ summary: 'Credit-relevant entries after a cursor, as pages (JSON or CSV) or a live SSE stream' })
  @Get()
  @ApiCsvForm(CREDIT_FEED_CSV, 'text/event-stream')
  @ApiKeysetPage('nextCursor of the previous page (or a ledger position: after everything published up to it)')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'SSE: the id of the last event received; the stream resumes after it (takes precedence over ?after)',
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'minPosition', required: false })
  async feed(
    @Query('after') after: unknown,
    @Query('limit') limit: unknown,
    @Query('minPosition') minPosition: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lastEventId = req.headers['last-event-id'];
    const from = decodePublishedCursor(
      typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : after,
      typeof lastEventId === 'string' ? 'Last-Event-ID' : 'after',
    );
    if ((req.headers.accept ?? '').includes('text/event-stream')) return this.stream(req, res, from);
    const n = parseLimit(limit, 100, 1000);
    await awaitFreshness(this.runner, ['credit_feed'], minPosition);
    const items = await this.page(from, n);
    const nextCursor = items.length > 0 ? cursorOf(items[items.length - 1]) : encodePairCursor(from[0], from[1]);
    await res.send(jsonOrCsv(req, res, { items, nextCursor }, () => creditFeedCsv(items), nextCursor));
  }

  private async page(after: Cursor, limit: number): Promise<FeedItem[]> {
    const rows = ofKind(
      await this.rows.queryRows('credit_feed', { keyPrefix: 'feed:', afterKey: feedKey(after[0], after[1]), limit }),
      'feed',
    );
    // `?? position`: rows of the previous definition, served while the new one is built on upgrade.
    return rows.map(({ kind: _k, ...item }) => ({ ...item, publishedBy: item.publishedBy ?? item.position }));
  }

  private async stream(_req: Request, reply: Response, from: Cursor): Promise<void> {
    // The stream is written to the socket directly: Fastify hands the response over.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    let closed = false;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // A gone consumer stops the heartbeat at once; the loop notices at its next step (at most one wait).
    res.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
    });
    let cursor = from;
    try {
      res.write('retry: 2000\n\n');
      while (!closed) {
        // What the read model holds before reading it: a wait from there cannot miss an entry.
        const applied = this.runner.position('credit_feed');
        const items = await this.page(cursor, STREAM_PAGE);
        for (const item of items) {
          if (closed) return;
          cursor = [item.publishedBy, item.position];
          if (!res.write(`id: ${cursorOf(item)}\nevent: ${item.type}\ndata: ${JSON.stringify(item)}\n\n`)) {
            await drainedOrClosed(res);
          }
        }
        if (items.length < STREAM_PAGE) await this.runner.waitFor(['credit_feed'], applied + 1, HEARTBEAT_MS);
      }
    } finally {
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    }
  }
}
