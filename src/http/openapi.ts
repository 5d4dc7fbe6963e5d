import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { CLIENT_ID } from './validators';

/**
 * What @nestjs/swagger cannot see, added to the OpenAPI document in one place: the refusals API.md
 * ("Errors") defines, on every operation, as application/problem+json; command responses and headers;
 * the request bodies' validation rules; path parameters by name. Clients and the schema-driven fuzzer
 * (test/fuzz) then see every status a route can answer and the inputs it accepts.
 */

const PROBLEM: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details (API.md "Errors")',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: 'tag:social-assistance-ledger,2026:problem:VALIDATION_FAILED' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', example: 'VALIDATION_FAILED' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const COMMAND_RESPONSE: SchemaObject = {
  type: 'object',
  description: 'API.md "Command responses"; `position` is the global ledger position of the last entry appended',
  required: ['streamId', 'version', 'position', 'eventIds'],
  properties: {
    streamId: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    position: { type: 'integer', minimum: 1 },
    eventIds: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
};

/** The optional headers every command accepts (API.md "Conventions"). */
const COMMAND_HEADERS: ParameterObject[] = [
  { name: 'Idempotency-Key', in: 'header', required: false, description: 'same key and body: the original response, nothing appended; same key, other body: 409 IDEMPOTENCY_KEY_REUSED', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } },
  { name: 'If-Match', in: 'header', required: false, description: 'append only if the stream is at this version (3 or "3"), else 409 CONCURRENCY_CONFLICT', schema: { type: 'string' } },
  { name: 'X-Correlation-Id', in: 'header', required: false, description: 'recorded as the correlationId of every entry the command appends', schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } },
];

const REFUSALS: Record<number, string> = {
  400: 'VALIDATION_FAILED: malformed JSON, wrong types, unknown fields, bad identifiers, dates, query parameters or headers',
  401: 'UNAUTHENTICATED: no API key, or one the service does not know',
  403: 'FORBIDDEN: the role or region scope of the key does not allow it',
  404: 'NOT_FOUND',
  409: 'CONCURRENCY_CONFLICT, ALREADY_EXISTS or IDEMPOTENCY_KEY_REUSED',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'a procurement rule refused the command (rule codes in DOMAIN.md)',
  503: 'SERVICE_UNAVAILABLE (a ?minPosition wait that timed out, with Retry-After) or LEDGER_CORRUPT (commands are refused)',
};

/**
 * Path parameters by name, as the API uses them everywhere (API.md "Conventions") and the pipes
 * check them (src/http/params.ts, the budget and proof controllers).
 */
const PATH_PARAMETERS: Record<string, SchemaObject> = {
  projectId: { type: 'string', pattern: CLIENT_ID.source },
  contractId: { type: 'string', pattern: CLIENT_ID.source },
  penaltyId: { type: 'string', pattern: CLIENT_ID.source },
  uscc: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'unified social credit code, check character validated' },
  region: { type: 'string', pattern: '^[1-9][0-9]{5}$' },
  fiscalYear: { type: 'integer', minimum: 2000, maximum: 2100 },
  position: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 },
  ocid: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,160}$' },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Which refusals an operation can answer, from what it takes: path ids, inputs, a key, a body. */
function refusalsOf(path: string, method: string, op: OperationObject): number[] {
  const params = (op.parameters ?? []) as ParameterObject[];
  const statuses = new Set<number>();
  if (params.length > 0 || op.requestBody) statuses.add(400);
  if (op.security?.some((s) => 'bearer' in s)) [401, 403].forEach((s) => statuses.add(s));
  if (path.includes('{')) statuses.add(404);
  if (method === 'post') [409, 413, 422, 503].forEach((s) => statuses.add(s));
  if (params.some((p) => p.name === 'minPosition')) statuses.add(503);
  return [...statuses].sort();
}

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
  isRegionCode: () => ({ type: 'string', pattern: '^[1-9][0-9]{5}$' }),
  isUscc: () => ({ type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' }),
  isFen: () => ({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  isPositiveFen: () => ({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  isCalendarDate: () => ({ type: 'string', format: 'date' }),
  isInstant: () => ({ type: 'string', format: 'date-time' }),
};

function withValidationRules(schemas: Record<string, SchemaObject | ReferenceObject>): void {
  // class-validator keeps its metadata by class; the document names schemas by class name.
  const storage = getMetadataStorage();
  const byClass = (storage as unknown as { validationMetadatas?: Map<Function, ValidationMetadata[]> }).validationMetadatas;
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

/** The document with the Problem and CommandResponse schemas, body rules, path parameters, command headers and every refusal. */
export function refineOpenApi(doc: OpenAPIObject): OpenAPIObject {
  const schemas: Record<string, SchemaObject | ReferenceObject> = { ...structuredClone(doc.components?.schemas), Problem: PROBLEM, CommandResponse: COMMAND_RESPONSE };
  withValidationRules(schemas);
  const problem = (status: number): ResponseObject => ({
    description: REFUSALS[status],
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const next = { ...item };
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const responses = { ...op.responses };
      let parameters = op.parameters?.map((p) => {
        const param = p as ParameterObject;
        return param.in === 'path' && PATH_PARAMETERS[param.name] ? { ...param, schema: PATH_PARAMETERS[param.name] } : p;
      });
      if (method === 'post') {
        const named = new Set(((parameters ?? []) as ParameterObject[]).map((p) => p.name.toLowerCase()));
        parameters = [...(parameters ?? []), ...COMMAND_HEADERS.filter((h) => !named.has(h.name.toLowerCase()))];
        const created = responses['201'] as ResponseObject | undefined;
        if (created && !created.content) {
          responses['201'] = {
            description: created.description || 'appended',
            headers: {
              ETag: { description: 'the stream version, for a later If-Match', schema: { type: 'string' } },
              'Idempotent-Replayed': { description: '"true" when this is the original response to a repeated Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
            },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CommandResponse' } } },
          };
        }
      }
      for (const status of refusalsOf(path, method, { ...op, parameters })) responses[String(status)] ??= problem(status);
      next[method] = { ...op, ...(parameters ? { parameters } : {}), responses };
    }
    paths[path] = next;
  }
  return { ...doc, paths, components: { ...doc.components, schemas } };
}
