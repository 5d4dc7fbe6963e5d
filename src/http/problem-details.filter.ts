import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ConcurrencyConflictError, EventIdConflictError, IdempotencyKeyReusedError, InvalidAppendError } from '../ledger/event-store.port';
import { RuleViolation } from '../shared/domain/rule-violation';
import { ProblemException } from './problem';
import { LOGGER } from './tokens';

/** The one place an error becomes HTTP: RFC 9457 application/problem+json with a stable code. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(problem.headers)) res.setHeader(k, v);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toBody()));
  }
}

export function toProblem(error: unknown): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof RuleViolation) {
    const status = error.code === 'ALREADY_EXISTS' ? 409 : error.code === 'NOT_FOUND' ? 404 : 422;
    return new ProblemException(status, error.code, error.detail);
  }
  if (error instanceof ConcurrencyConflictError) return new ProblemException(409, 'CONCURRENCY_CONFLICT', error.message);
  if (error instanceof IdempotencyKeyReusedError) return new ProblemException(409, 'IDEMPOTENCY_KEY_REUSED', error.message);
  if (error instanceof EventIdConflictError) return new ProblemException(409, 'ALREADY_EXISTS', error.message);
  if (error instanceof InvalidAppendError) return new ProblemException(400, 'VALIDATION_FAILED', error.message);
  // body-parser errors (http-errors objects) arrive before any controller runs.
  const e = error as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new ProblemException(400, 'VALIDATION_FAILED', `malformed JSON body: ${e.message}`);
  if (e?.type === 'entity.too.large') return new ProblemException(413, 'PAYLOAD_TOO_LARGE', 'the request body is larger than the service accepts');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', e.message ?? 'unsupported encoding');
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED_HTTP' : status === 413 ? 'PAYLOAD_TOO_LARGE'
      : status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL_ERROR';
    return new ProblemException(status, code, error.message);
  }
  return new ProblemException(500, 'INTERNAL_ERROR', 'an unexpected error occurred; it has been logged');
}
