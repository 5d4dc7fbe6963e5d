import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'key',
  'apiKey',
  'api_key',
  'token',
  'access_token',
  'password',
  'secret',
  'query',
  'body',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'social-assistance-ledger' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Keys and bodies never reach the log, whatever a caller passes: any field named like a credential is censored.
    redact: { paths: SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `headers.${f}`, `*.headers.${f}`]), censor: '[redacted]' },
  });
}

/** NestJS's logger interface on top of pino: one structured JSON line per message. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
