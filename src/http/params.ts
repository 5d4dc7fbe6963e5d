import {
  applyDecorators,
  ArgumentMetadata,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PipeTransform,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExtension, DECORATORS } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { isValidUscc, usccProblem } from '../shared/domain/uscc';
import { FISCAL_YEARS, isFiscalYear, isRegionCode } from '../shared/domain/region';
import { ProblemException } from './problem';
import { CLIENT_ID } from './validators';

function paramPipe(test: (v: string) => boolean, message: string | ((v: unknown) => string)): new () => PipeTransform<string, string> {
  @Injectable()
  class ParamPipe implements PipeTransform<string, string> {
    transform(value: string, meta: ArgumentMetadata): string {
      if (typeof value === 'string' && test(value)) return value;
      const path = `${meta.type === 'query' ? 'query' : 'params'}.${meta.data ?? 'id'}`;
      const text = typeof message === 'string' ? message : message(value);
      throw new ProblemException(400, 'VALIDATION_FAILED', `${path}: ${text}`, [{ path, message: text }]);
    }
  }
  return ParamPipe;
}

/** A client-chosen id in the path (projectId, contractId, penaltyId): no `/`, no `..`, API.md pattern. */
export const ClientIdPipe = paramPipe((v) => CLIENT_ID.test(v), 'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');

/** A unified social credit code in the path, checksum validated (API.md). */
export const UsccPipe = paramPipe(isValidUscc, (v) => `must be a unified social credit code: ${usccProblem(v) ?? 'invalid'}`);

/** A region code in the path or the query: 6 digits, GB/T 2260 (src/shared/domain/region.ts). */
export const RegionCodePipe = paramPipe(isRegionCode, 'must be a 6-digit administrative division code (GB/T 2260)');

/** A fiscal year in the path or the query, as a number: a whole year from 2000 to 2100. */
@Injectable()
export class FiscalYearPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, meta: ArgumentMetadata): number {
    const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (isFiscalYear(year)) return year;
    const path = `${meta.type === 'query' ? 'query' : 'params'}.${meta.data ?? 'fiscalYear'}`;
    const message = value === undefined ? 'is required' : `must be a year from ${FISCAL_YEARS.min} to ${FISCAL_YEARS.max}`;
    throw new ProblemException(400, 'VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);
  }
}

export interface ParamProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * The query parameters a route does not take, each named: refused rather than ignored, since a misspelt
 * filter would otherwise answer as if there were none and look like a result (issue 16).
 */
export function unknownParameters(query: Readonly<Record<string, unknown>>, takes: readonly string[]): ParamProblem[] {
  const list = takes.length > 0 ? takes.join(', ') : 'none';
  return Object.keys(query)
    .filter((name) => !takes.includes(name))
    .map((name) => ({ path: `query.${name}`, message: `is not a parameter of this route (it takes ${list})` }));
}

/** 400 VALIDATION_FAILED naming every problem, in the shape of the other query refusals. */
export function refuseParameters(problems: readonly ParamProblem[]): void {
  if (problems.length === 0) return;
  throw new ProblemException(400, 'VALIDATION_FAILED', problems.map((p) => `${p.path}: ${p.message}`).join('; '), [...problems]);
}

/** The query parameters the route documents with @ApiQuery (or ApiKeysetPage, …): the OpenAPI document is the list. */
function documentedQuery(handler: object): string[] {
  const params = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as { in?: string; name?: string }[];
  // In alphabetical order: decorators (and applyDecorators inside them) record them in no order a reader would expect.
  return params
    .filter((p) => p.in === 'query' && typeof p.name === 'string')
    .map((p) => p.name!)
    .sort((a, b) => a.localeCompare(b));
}

@Injectable()
class DocumentedQueryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const query = (context.switchToHttp().getRequest<FastifyRequest>().query ?? {}) as Record<string, unknown>;
    refuseParameters(unknownParameters(query, documentedQuery(context.getHandler())));
    return next.handle();
  }
}

/** The OpenAPI extension that marks such a route, so its document lists the 400 even when it takes no parameter. */
export const CLOSED_QUERY = 'x-unknown-query-parameters';

/**
 * On a controller or a route: a query parameter its OpenAPI document does not name is a 400, so the
 * document and the refusals cannot drift apart.
 */
export const OnlyDocumentedQuery = (): ClassDecorator & MethodDecorator =>
  applyDecorators(UseInterceptors(DocumentedQueryInterceptor), ApiExtension(CLOSED_QUERY, 'refused'));
