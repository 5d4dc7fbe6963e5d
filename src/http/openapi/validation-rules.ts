import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { REGION_CODE } from '../../shared/domain/region';
import { CLIENT_ID } from '../validators';

/**
 * What the class-validator rules of the request DTOs say, as JSON Schema: the document then
 * describes the bodies the service accepts (types, ranges, patterns, enums, no unknown fields,
 * which the global ValidationPipe forbids) instead of bare types. A rule with no JSON Schema
 * equivalent (the uscc check character, calendar validity) is left to the service.
 */
const RULES: Record<string, (constraints: unknown[]) => SchemaObject> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  isObject: () => ({ type: 'object' }),
  min: ([n]) => ({ minimum: n as number }),
  max: ([n]) => ({ maximum: n as number }),
  isLength: ([min, max]) => ({ minLength: min as number, ...(max === undefined ? {} : { maxLength: max as number }) }),
  isIn: ([values]) => ({ enum: values as unknown[] }),
  arrayMinSize: ([n]) => ({ minItems: n as number }),
  arrayMaxSize: ([n]) => ({ maxItems: n as number }),
  arrayUnique: () => ({ uniqueItems: true }),
  isClientId: () => ({ type: 'string', pattern: CLIENT_ID.source }),
  isRegionCode: () => ({ type: 'string', pattern: REGION_CODE.source }),
  isUscc: () => ({ type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }),
  isFen: () => ({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  isPositiveFen: () => ({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  isCalendarDate: () => ({ type: 'string', format: 'date' }),
  isInstant: () => ({ type: 'string', format: 'date-time' }),
};

export function withValidationRules(schemas: Record<string, SchemaObject | ReferenceObject>): void {
  // class-validator keeps its metadata by class; the document names schemas by class name.
  const storage = getMetadataStorage();
  const byClass = (storage as unknown as { validationMetadatas?: Map<new (...args: never[]) => object, ValidationMetadata[]> })
    .validationMetadatas;
  if (!(byClass instanceof Map)) return;
  for (const target of byClass.keys()) {
    const schema = schemas[target.name] as SchemaObject | undefined;
    if (!schema?.properties) continue;
    schema.additionalProperties = false;
    for (const rule of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const property = schema.properties[rule.propertyName] as SchemaObject | undefined;
      const derived = rule.name ? RULES[rule.name]?.(rule.constraints ?? []) : undefined;
      if (!property || !derived || '$ref' in property) continue;
      if (rule.each) property.items = { ...(property.items as SchemaObject), ...derived };
      else Object.assign(property, derived);
    }
  }
}
