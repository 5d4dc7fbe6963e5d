import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isValidUscc } from '../shared/domain/uscc';
import { ProblemException } from './problem';
import { CLIENT_ID } from './validators';

function paramPipe(test: (v: string) => boolean, message: string): new () => PipeTransform<string, string> {
  @Injectable()
  class ParamPipe implements PipeTransform<string, string> {
    transform(value: string, meta: ArgumentMetadata): string {
      if (typeof value === 'string' && test(value)) return value;
      const path = `params.${meta.data ?? 'id'}`;
      throw new ProblemException(400, 'VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);
    }
  }
  return ParamPipe;
}

/** A client-chosen id in the path (projectId, contractId, penaltyId): no `/`, no `..`, API.md pattern. */
export const ClientIdPipe = paramPipe((v) => CLIENT_ID.test(v), 'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');

/** A unified social credit code in the path, checksum validated (API.md). */
export const UsccPipe = paramPipe(isValidUscc, 'must be an 18-character unified social credit code with a valid check character');
