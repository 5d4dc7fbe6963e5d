import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { isValidUscc, usccProblem } from '../shared/domain/uscc';
import { isValidDate } from '../shared/domain/dates';
import { isRegionCode } from '../shared/domain/region';

/**
 * Field checks shared by every request DTO (API.md "Conventions"). The rules themselves
 * live in src/shared/domain, so the domain and the HTTP layer agree on them.
 */
function rule(name: string, test: (value: unknown) => boolean, message: string | ((args: ValidationArguments) => string)) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message, ...options },
        validator: { validate: test },
      });
}

/** Client-chosen ids: `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$` (no `/`, no `..` at the start). */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const IsClientId = rule(
  'isClientId',
  (v) => typeof v === 'string' && CLIENT_ID.test(v),
  '$property must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
);

/** Money: a whole number of fen, never a float, never negative. */
export const IsFen = rule(
  'isFen',
  (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  '$property must be a non-negative whole number of fen (CNY minor units)',
);

export const IsPositiveFen = rule(
  'isPositiveFen',
  (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0,
  '$property must be a positive whole number of fen (CNY minor units)',
);

/** YYYY-MM-DD that exists in the calendar (2024-02-30 does not). */
export const IsCalendarDate = rule(
  'isCalendarDate',
  (v) => typeof v === 'string' && isValidDate(v),
  '$property must be a calendar date YYYY-MM-DD',
);

/** ISO 8601 instant with a zone, e.g. 2024-03-01T08:00:00Z. */
/** ISO 8601 instant with a zone, e.g. 2024-03-01T08:00:00Z or 2024-03-01T16:00:00+08:00. */
export function isInstant(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    isValidDate(v.slice(0, 10)) &&
    !Number.isNaN(Date.parse(v))
  );
}

export const IsInstant = rule('isInstant', isInstant, '$property must be an ISO 8601 instant with a zone, e.g. 2024-03-01T08:00:00Z');

export const IsRegionCode = rule('isRegionCode', isRegionCode, '$property must be a 6-digit administrative division code (GB/T 2260)');

export const IsUscc = rule(
  'isUscc',
  (v) => typeof v === 'string' && isValidUscc(v),
  (args) => `${args.property} must be a unified social credit code: ${usccProblem(args.value) ?? 'invalid'}`,
);

/**
 * An optional body field that may be left out but not sent as `null`: class-validator's IsOptional
 * lets `null` through, and `null` is not a value any of these fields has (event data stays exact).
 */
export const OptionalField = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * A nested object field. ValidateNested alone validates an array as if it were the object (each item
 * in turn), so `purchaser: []` passed and was stored as `{}`: the value must be a JSON object first.
 */
export const NestedObject = (type: () => new () => object): PropertyDecorator =>
  applyDecorators(IsObject({ message: '$property must be a JSON object' }), ValidateNested(), Type(type));

/** An array of nested objects: an array, each item a JSON object (not an array, not null), each validated as `type`. */
export const NestedArray = (type: () => new () => object, size: { min?: number; max: number }): PropertyDecorator =>
  applyDecorators(
    IsArray(),
    ...(size.min !== undefined ? [ArrayMinSize(size.min)] : []),
    ArrayMaxSize(size.max),
    IsObject({ each: true, message: 'each item of $property must be a JSON object' }),
    ValidateNested({ each: true }),
    Type(type),
  );
