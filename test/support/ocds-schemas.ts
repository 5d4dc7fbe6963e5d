/**
 * Independent OCDS 1.1 schema validation for tests.
 *
 * Loads the official OCDS 1.1.5 JSON Schemas (draft-04), vendored in test/fixtures/ocds-1.1.5 (source and licence in test/fixtures/README.md) and compiles
 * them with ajv-draft-04 + ajv-formats. Each validator returns a list of
 * human-readable error strings; an empty list means the document is valid.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const OCDS_SCHEMA_DIR = path.resolve(__dirname, '../fixtures/ocds-1.1.5');

const SCHEMA_FILES = {
  releasePackage: 'release-package-schema.json',
  recordPackage: 'record-package-schema.json',
  release: 'release-schema.json',
  versionedRelease: 'versioned-release-validation-schema.json',
} as const;

export type OcdsValidator = (doc: unknown) => string[];

export interface OcdsValidators {
  releasePackage: OcdsValidator;
  recordPackage: OcdsValidator;
  release: OcdsValidator;
}

function loadSchema(file: string): { id: string; schema: Record<string, unknown> } {
  const schema = JSON.parse(fs.readFileSync(path.join(OCDS_SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
  const id = schema['id'];
  if (typeof id !== 'string') throw new Error(`OCDS schema ${file} has no draft-04 "id"`);
  return { id, schema };
}

/** Turns ajv errors into readable lines such as `/releases/0/tag/0: must be equal to one of the allowed values (planning, ...)`. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  return errors.map((e) => {
    const where = e.instancePath === '' ? '(root)' : e.instancePath;
    let detail = '';
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      if (allowed) detail = ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})`;
    } else if (e.keyword === 'additionalProperties') {
      detail = ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`;
    }
    return `${where}: ${e.message ?? e.keyword}${detail} [schema ${e.schemaPath}]`;
  });
}

function wrap(validate: ValidateFunction): OcdsValidator {
  return (doc: unknown) => (validate(doc) ? [] : formatAjvErrors(validate.errors));
}

let memo: OcdsValidators | undefined;

/** Memoised: the schemas are read and compiled once per jest worker. */
export function ocdsValidators(): OcdsValidators {
  if (memo) return memo;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const ids = {} as Record<keyof typeof SCHEMA_FILES, string>;
  for (const [key, file] of Object.entries(SCHEMA_FILES) as [keyof typeof SCHEMA_FILES, string][]) {
    const { id, schema } = loadSchema(file);
    ajv.addSchema(schema, id);
    ids[key] = id;
  }
  const compile = (id: string): ValidateFunction => {
    const fn = ajv.getSchema(id);
    if (!fn) throw new Error(`OCDS schema ${id} could not be compiled`);
    return fn;
  };
  memo = {
    releasePackage: wrap(compile(ids.releasePackage)),
    recordPackage: wrap(compile(ids.recordPackage)),
    release: wrap(compile(ids.release)),
  };
  return memo;
}
