import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest as Request } from 'fastify';
import type { Principal } from '../shared/access';
import type { CommandMeta } from '../ledger/command';
import { canonicalize } from '../ledger/jcs';
import { ProblemException } from './problem';

const TOKEN = /^[\x21-\x7e]{1,255}$/;

export function commandMetaOf(req: Request & { principal?: Principal }): CommandMeta {
  if (!req.principal) throw new Error('command route without an authenticated principal');
  const errors: { path: string; message: string }[] = [];
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const correlation = header('x-correlation-id');
  if (correlation !== undefined && !TOKEN.test(correlation))
    errors.push({ path: 'headers.X-Correlation-Id', message: 'must be 1 to 255 visible ASCII characters' });
  const idempotencyKey = header('idempotency-key');
  if (idempotencyKey !== undefined && !TOKEN.test(idempotencyKey))
    errors.push({ path: 'headers.Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' });
  const ifMatchRaw = header('if-match');
  let ifMatch: number | undefined;
  if (ifMatchRaw !== undefined) {
    // A version as sent (3) or as an entity tag ("3", W/"3").
    const m = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatchRaw.trim());
    if (m) ifMatch = Number(m[1]);
    else errors.push({ path: 'headers.If-Match', message: 'must be a stream version, e.g. 3 or "3"' });
  }
  if (errors.length > 0)
    throw new ProblemException(400, 'VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  const route = req.routeOptions.url ?? req.url.split('?')[0];
  let requestHash: string | undefined;
  return {
    principal: req.principal,
    correlationId: correlation ?? randomUUID(),
    causationId: randomUUID(),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
    // Computed when first read, by the command runner: after the body has been validated (param
    // decorators run before the body's pipe), so hashing never meets a body validation would refuse.
    get requestHash(): string {
      requestHash ??= createHash('sha256')
        .update(`${req.method} ${req.url.split('?')[0]} ${route}\n`)
        .update(canonicalize(req.body ?? null))
        .digest('base64');
      return requestHash;
    },
    ...(ifMatch !== undefined ? { ifMatch } : {}),
  };
}

/** Controller parameter: the command's meta, from headers and the authenticated key. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext) => commandMetaOf(ctx.switchToHttp().getRequest()));
