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

/**
 * Leading and trailing white space (Unicode, U+3000 included) and invisible format characters (zero-width
 * space, direction marks, BOM: Unicode category Cf): a text made only of them is blank.
 */
const EDGES = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu;

/** Every string of a parsed JSON body without its blank edges. */
export function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(EDGES, '');
  if (Array.isArray(value)) return value.map(trimStrings);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = trimStrings(v);
    return out;
  }
  return value;
}

/** Control characters (C0 but tab, line feed and carriage return; DEL; C1): never part of a fact's text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The paths of the body's strings (keys included) that hold a control character. */
export function controlCharacterPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return CONTROL.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharacterPaths(v, path === '' ? String(i) : `${path}.${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const at = path === '' ? k : `${path}.${k}`;
      return [...(CONTROL.test(k) ? [at] : []), ...controlCharacterPaths(v, at)];
    });
  }
  return [];
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
    if (metadata.type !== 'body') return super.transform(value, metadata);
    const paths = controlCharacterPaths(value);
    if (paths.length > 0) {
      const errors = paths.map((path) => ({
        path,
        message: `${path} must not contain control characters (U+0000–U+001F but tab and line breaks, U+007F–U+009F)`,
      }));
      throw new ProblemException(400, 'VALIDATION_FAILED', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    return super.transform(trimStrings(value), metadata);
  }
}
