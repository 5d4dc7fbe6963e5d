import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import type { Clock } from './http/clock';
import { LedgerMetrics } from './observability/metrics';
import { PinoNestLogger } from './observability/logger';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Larger bodies are refused with 413 before they are parsed (API.md bad-input rules). */
export const BODY_LIMIT = '256kb';

/** Builds the application; main.ts and the e2e tests share it, so tests run what production runs. */
export async function createApp(config: AppConfig, logger: Logger, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger, clock), {
    logger: new PinoNestLogger(logger), bodyParser: false, abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // No ETag: hashing every body cost more than conditional GETs save here; freshness is by ?minPosition=.
  app.set('etag', false);
  app.useBodyParser('json', { limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] });
  const metrics = app.get(LedgerMetrics);
  app.use((req: Request & { principal?: { id: string } }, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      metrics.httpRequests.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      logger.info({ method: req.method, path: req.path, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10, actor: req.principal?.id }, 'request');
    });
    next();
  });
  const openApi = new DocumentBuilder()
    .setTitle('Social-assistance procurement ledger')
    .setDescription('Event-sourced, verifiable audit ledger for the government purchase of social-assistance services. Contract: API.md.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key from LEDGER_API_KEYS' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  return app;
}
