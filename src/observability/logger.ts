import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'social-assistance-ledger' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Keys and bodies never reach the log, whatever a caller passes.
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'key', '*.key'], censor: '[redacted]' },
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
