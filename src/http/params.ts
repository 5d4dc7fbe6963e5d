import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
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
