import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import type { Clock } from './shared/clock';
import { LedgerMetrics } from './observability/metrics';
import { parseJsonBody } from './http/json-body';
import { PinoNestLogger } from './observability/logger';
import { keyDigests, pathForLog } from './observability/log-path';
import {
  boundedServerFactory,
  ConnectionLimiter,
  malformedQuery,
  problemClientError,
  problemFrameworkError,
  ShutdownAwareFastifyAdapter,
  shuttingDown,
} from './http/http-server';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { refineOpenApi, routeAccess, routeCaching } from './http/openapi/document';
import { answerMethodNotAllowed } from './http/method-not-allowed';
import { serveCachingAndCors } from './http/http-cache';
import { routeTable } from './http/route-table';

/** dist/web, from the built service (dist/src) or from the sources (src/, in tests). */
const WEB_ASSETS = existsSync(join(__dirname, '..', 'package.json')) ? join(__dirname, '..', 'dist', 'web') : join(__dirname, '..', 'web');

/** Larger bodies are refused with 413 before they are parsed (API.md bad-input rules). */
export const BODY_LIMIT = 256 * 1024;

/**
 * Builds the application; main.ts and the e2e tests share it, so tests run what production runs.
 * On Fastify: under 50 concurrent clients Nest on Express served about 5,000 requests/s of a fixed
 * body on one core of the project machines, Nest on Fastify about 13,000 (the credit lookup target).
 */
export async function createApp(config: AppConfig, logger: Logger, clock?: Clock): Promise<NestFastifyApplication> {
  const limiter = new ConnectionLimiter(config.http.maxConnections, config.http.maxConnectionsPerClient);
  // Requests during shutdown are refused by the hook below (problem+json), not by the framework's own 503.
  const adapter = new ShutdownAwareFastifyAdapter(limiter, {
    bodyLimit: BODY_LIMIT,
    return503OnClosing: false,
    serverFactory: boundedServerFactory(config.http, limiter),
    clientErrorHandler: problemClientError,
    frameworkErrors: problemFrameworkError,
  });
  const fastify = adapter.getInstance();
  // JSON only (API.md): application/json and application/*+json; any other body is refused as 400 VALIDATION_FAILED.
  // Our parser refuses at parse time what no later step could keep (src/http/json-body.ts).
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  const json = (_req: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error) {
      done(error as Error);
    }
  };
  for (const type of ['application/json', /^application\/[a-z0-9.!#$&^_-]+\+json$/i])
    fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: BODY_LIMIT }, json);
  answerMethodNotAllowed(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger, clock), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  // While the server closes (SIGTERM), answers to requests still in flight say Connection: close: else their
  // keep-alive sockets hold close() open until the clients' idle timeout, and the head is signed only if the
  // process is not killed first. Idle and stream connections are ended by the limiter (ConnectionLimiter.drain).
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (adapter.shuttingDown) reply.header('Connection', 'close');
    done(null, payload);
  });
  // ETag, Cache-Control and CORS by route (API.md Conventions); after answerMethodNotAllowed, whose Allow then lists the preflight OPTIONS.
  serveCachingAndCors(fastify, routeTable(app));
  const metrics = app.get(LedgerMetrics);
  const digests = keyDigests(config.apiKeys);
  fastify.addHook('onRequest', (_req, _reply, done) => done(adapter.shuttingDown ? shuttingDown() : undefined));
  // Fastify's query parser takes bad percent-encoding as it comes; API.md refuses a malformed query string.
  fastify.addHook('onRequest', (req, _reply, done) => done(malformedQuery(req.url)));
  fastify.addHook('onResponse', (req: FastifyRequest & { principal?: { id: string } }, reply, done) => {
    const seconds = reply.elapsedTime / 1000;
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.observe({ method: req.method, route, status: String(reply.statusCode) }, seconds);
    logger.info(
      {
        method: req.method,
        path: pathForLog(req.url, digests),
        route,
        status: reply.statusCode,
        ms: Math.round(seconds * 1e4) / 10,
        actor: req.principal?.id,
      },
      'request',
    );
    done();
  });
  const openApi = new DocumentBuilder()
    .setTitle('Social-assistance procurement ledger')
    .setDescription('Event-sourced, verifiable audit ledger for the government purchase of social-assistance services. Contract: API.md.')
    .setVersion('1')
    // A plain API key, not a JWT: an opaque token the service looks up (API.md "Authentication and roles").
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
      description:
        'Authorization: Bearer <api key>. Keys (LEDGER_API_KEYS) map to a role: admin, purchaser (with its regions), auditor, credit-platform.',
    })
    .addServer(config.publicUrl ?? '/', config.publicUrl ? 'LEDGER_PUBLIC_URL' : 'this service')
    .build();
  SwaggerModule.setup(
    'docs',
    app,
    () => refineOpenApi(SwaggerModule.createDocument(app, openApi), { access: routeAccess(app), caching: routeCaching(app) }),
    {
      jsonDocumentUrl: 'docs-json',
    },
  );
  // The portal's style sheets and scripts (scripts/build-web.js), each also pre-compressed (gzip, brotli). One route
  // per built file (no wildcard): a missing asset is a plain 404, not a 405 from the wildcard's HEAD-only answer.
  app.useStaticAssets({ root: WEB_ASSETS, prefix: '/assets/', preCompressed: true, maxAge: '5m', index: false, wildcard: false });
  // SIGTERM: close the server, sign the head (LedgerTreeService), close the store, then exit 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}
