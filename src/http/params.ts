import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isValidUscc, usccProblem } from '../shared/domain/uscc';
import { ProblemException } from './problem';
import { CLIENT_ID } from './validators';

function paramPipe(test: (v: string) => boolean, message: string | ((v: unknown) => string)): new () => PipeTransform<string, string> {
  @Injectable()
  class ParamPipe implements PipeTransform<string, string> {
    transform(value: string, meta: ArgumentMetadata): string {
      if (typeof value === 'string' && test(value)) return value;
      const path = `params.${meta.data ?? 'id'}`;
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
