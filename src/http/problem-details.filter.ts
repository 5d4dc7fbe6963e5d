import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, NotFoundException } from '@nestjs/common';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import type { Logger } from 'pino';
import { ConcurrencyConflictError, EventIdConflictError, IdempotencyKeyReusedError, InvalidAppendError } from '../ledger/event-store.port';
import { MalformedEventError } from '../ledger/event-schema-guard';
import { LedgerCorruptError } from '../ledger/corruption-latch';
import { RuleViolation } from '../shared/domain/rule-violation';
import { ForbiddenError } from '../shared/access';
import type { AppConfig } from '../config/config';
import { keyDigests, pathForLog } from '../observability/log-path';
import { ProblemException } from './problem';
import { APP_CONFIG, LOGGER } from '../shared/di-tokens';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The one place an error becomes HTTP: RFC 9457 application/problem+json with a stable code. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly digests: ReadonlySet<string>;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.digests = keyDigests(config.apiKeys);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = unrouted(error, req, res) ?? toProblem(error);
    if (problem.status >= 500) {
      const path = pathForLog(req.url, this.digests);
      // A refusal the service chose (a freshness wait that ran out) is news, not a fault: no stack, not an error.
      if (error instanceof ProblemException)
        this.logger.info({ method: req.method, path, status: problem.status, code: problem.code }, 'request refused');
      else this.logger.error({ err: error, method: req.method, path }, 'request failed');
    }
    if (res.sent || res.raw.headersSent) return;
    for (const [k, v] of Object.entries(problem.headers)) res.header(k, v);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toBody()));
  }
}

/**
 * No route matched (Nest's not-found handler threw): 405 with Allow when the path exists for other
 * methods, else 404. The detail names the path without its query string, which may carry a key.
 */
function unrouted(error: unknown, req: Request, res: Response): ProblemException | undefined {
  if (!(error instanceof NotFoundException) || req.routeOptions.url !== undefined) return undefined;
  const path = req.url.split('?', 1)[0];
  const allowed = METHODS.filter((method) => method !== req.method && res.server.findRoute({ method, url: path }) !== null);
  if (allowed.length > 0)
    return new ProblemException(
      405,
      'METHOD_NOT_ALLOWED_HTTP',
      `${path} does not answer ${req.method}; it answers ${allowed.join(', ')}`,
      undefined,
      { Allow: allowed.join(', ') },
    );
  return new ProblemException(404, 'NOT_FOUND', `no route ${req.method} ${path}`);
}

/** API.md answers a body that is not JSON with 400 VALIDATION_FAILED (not 415): clients integrate against its list of codes. */
const notJson = (): ProblemException =>
  new ProblemException(400, 'VALIDATION_FAILED', 'the body must be JSON (Content-Type: application/json)', [
    { path: '', message: 'the Content-Type is not application/json' },
  ]);

export function toProblem(error: unknown): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof RuleViolation) {
    const status = error.code === 'ALREADY_EXISTS' ? 409 : error.code === 'NOT_FOUND' ? 404 : 422;
    return new ProblemException(status, error.code, error.detail);
  }
  if (error instanceof ForbiddenError) return new ProblemException(403, 'FORBIDDEN', error.message);
  if (error instanceof ConcurrencyConflictError) return new ProblemException(409, 'CONCURRENCY_CONFLICT', error.message);
  if (error instanceof IdempotencyKeyReusedError) return new ProblemException(409, 'IDEMPOTENCY_KEY_REUSED', error.message);
  if (error instanceof EventIdConflictError) return new ProblemException(409, 'ALREADY_EXISTS', error.message);
  if (error instanceof LedgerCorruptError) return new ProblemException(503, 'LEDGER_CORRUPT', error.message);
  if (error instanceof InvalidAppendError) return new ProblemException(400, 'VALIDATION_FAILED', error.message);
  // The service built an event its own schema refuses (logged as a bug by the guard): nothing was appended.
  if (error instanceof MalformedEventError)
    return new ProblemException(
      500,
      'INTERNAL_ERROR',
      'the service refused to record a malformed event; nothing was appended; this is a bug and has been logged',
    );
  // Fastify's body parsing fails before any controller runs; its errors carry a stable code.
  const e = error as { code?: string; statusCode?: number; message?: string };
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemException(400, 'VALIDATION_FAILED', `malformed JSON body: ${e.message ?? ''}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemException(413, 'PAYLOAD_TOO_LARGE', 'the request body is larger than the service accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return notJson();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemException(400, 'VALIDATION_FAILED', 'the body is not as long as its Content-Length says');
    default:
      break;
  }
  // A JSON syntax error from the parser (it has no code of its own), or a prototype-poisoning key.
  if (e?.statusCode === 400 && typeof e.message === 'string')
    return new ProblemException(400, 'VALIDATION_FAILED', `malformed JSON body: ${e.message}`);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 415) return notJson();
    const code =
      status === 404
        ? 'NOT_FOUND'
        : status === 405
          ? 'METHOD_NOT_ALLOWED_HTTP'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 401
              ? 'UNAUTHENTICATED'
              : status === 403
                ? 'FORBIDDEN'
                : status < 500
                  ? 'VALIDATION_FAILED'
                  : 'INTERNAL_ERROR';
    return new ProblemException(status, code, error.message);
  }
  return new ProblemException(500, 'INTERNAL_ERROR', 'an unexpected error occurred; it has been logged');
}
