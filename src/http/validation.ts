import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException } from './problem';

/** class-validator failures as 400 VALIDATION_FAILED with one { path, message } per problem. */
export function validationProblem(errors: ValidationError[]): ProblemException {
  const flat: { path: string; message: string }[] = [];
  const walk = (list: ValidationError[], prefix: string): void => {
    for (const e of list) {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      // A field left out is "required", not "must be longer than or equal to 1 characters".
      // (A parent error's value is stripped by the pipe, so "value present and undefined" is the test.)
      if ('value' in e && e.value === undefined && e.constraints) flat.push({ path, message: `${path} is required` });
      else for (const message of Object.values(e.constraints ?? {})) flat.push({ path, message });
      if (e.children?.length) walk(e.children, path);
    }
  };
  walk(errors, '');
  return new ProblemException(400, 'VALIDATION_FAILED', flat.map((f) => `${f.path}: ${f.message}`).join('; '), flat);
}

/** Every string of a parsed JSON body without leading and trailing white space (Unicode, U+3000 included). */
export function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = trimStrings(v);
    return out;
  }
  return value;
}

/**
 * The global pipe: command bodies are trimmed, then validated (DESIGN.md "Errors"). Trimming first
 * makes every required text field's minimum length mean "not blank": a title of only spaces is refused,
 * and what is recorded carries no stray white space. The body's depth is bounded by its parser.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: false,
      forbidUnknownValues: true,
      exceptionFactory: validationProblem,
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return super.transform(metadata.type === 'body' ? trimStrings(value) : value, metadata);
  }
}
