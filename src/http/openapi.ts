import type { INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { RuleCode } from '../shared/domain/rule-violation';
import { accessOf, type Access } from './auth';
import { CLIENT_ID } from './validators';
import { REGION_CODE } from '../shared/domain/region';

/**
 * What @nestjs/swagger cannot see, added to the OpenAPI document in one place: the refusals API.md
 * ("Errors") defines, on every operation, as application/problem+json with the codes each can carry
 * (the rule codes of each command); who may call each operation, read from the guard's own metadata;
 * command responses and headers; read responses; the request bodies' validation rules; path
 * parameters by name. Clients and the schema-driven fuzzer (test/fuzz) then see every status a route
 * can answer and the inputs it accepts.
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
  {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'same key and body: the original response, nothing appended; same key, other body: 409 IDEMPOTENCY_KEY_REUSED',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
  {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'append only if the stream is at this version (3 or "3"), else 409 CONCURRENCY_CONFLICT',
    schema: { type: 'string' },
  },
  {
    name: 'X-Correlation-Id',
    in: 'header',
    required: false,
    description: 'recorded as the correlationId of every entry the command appends',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
];

/**
 * The rule codes (422) each command can answer today: what its decider, and the policy lookup of
 * its business date (DATE_OUT_OF_ORDER before every pack), throw (DOMAIN.md "Rules and their codes").
 * ALREADY_EXISTS (409) and NOT_FOUND (404) are not rule refusals. A command with none answers no 422.
 * Keyed by the document's path; test/e2e/openapi.e2e-spec.ts checks every command is here.
 */
export const COMMAND_RULE_CODES: Readonly<Record<string, readonly Exclude<RuleCode, 'ALREADY_EXISTS' | 'NOT_FOUND'>[]>> = {
  '/v1/funds': [],
  '/v1/contractors': [],
  '/v1/contractors/{uscc}/credit-repair': ['INVALID_STATE'],
  '/v1/projects': ['CATEGORY_NOT_PURCHASABLE', 'NO_FUND_BASE', 'BUDGET_CAP_EXCEEDED', 'DATE_OUT_OF_ORDER'],
  '/v1/projects/{projectId}/tender': ['INVALID_STATE', 'METHOD_NOT_ALLOWED', 'DATE_OUT_OF_ORDER'],
  '/v1/projects/{projectId}/award': ['INVALID_STATE', 'CONTRACTOR_NOT_ELIGIBLE', 'AWARD_EXCEEDS_BUDGET', 'DATE_OUT_OF_ORDER'],
  '/v1/projects/{projectId}/contracts': ['INVALID_STATE', 'CONTRACT_MISMATCH', 'CONTRACT_TERM_TOO_LONG', 'DATE_OUT_OF_ORDER'],
  '/v1/contracts/{contractId}/announcement': ['INVALID_STATE'],
  '/v1/contracts/{contractId}/payments': ['INVALID_STATE', 'PROHIBITED_USE_OF_FUNDS', 'PAYMENT_EXCEEDS_CONTRACT'],
  '/v1/contracts/{contractId}/evaluations': ['INVALID_STATE'],
  '/v1/contracts/{contractId}/violations': ['SUBCONTRACTING_PROHIBITED'],
  '/v1/contracts/{contractId}/completion': ['INVALID_STATE'],
  '/v1/contracts/{contractId}/penalties': ['PENALTY_WITHOUT_VIOLATION', 'INVALID_STATE', 'DEBARMENT_PERIOD_INVALID'],
  '/v1/penalties/{penaltyId}/revocation': ['INVALID_STATE'],
};

const REFUSALS: Record<number, string> = {
  400: 'malformed JSON, wrong types, unknown fields, bad identifiers, dates, query parameters or headers',
  401: 'no API key, or one the service does not know',
  403: 'the role or region scope of the key does not allow it',
  404: 'no such resource',
  409: 'the stream is not at the If-Match version, the fact already exists, or the Idempotency-Key was used with another body',
  413: 'the body is larger than 256 KiB',
  422: 'a procurement rule refused the command (DOMAIN.md "Rules and their codes")',
  503: 'a ?minPosition wait that timed out (with Retry-After)',
};

/** The `code` each refusal carries (API.md "Errors"); 422 carries the command's rule codes. */
const REFUSAL_CODES: Record<number, readonly string[]> = {
  400: ['VALIDATION_FAILED'],
  401: ['UNAUTHENTICATED'],
  403: ['FORBIDDEN'],
  404: ['NOT_FOUND'],
  409: ['CONCURRENCY_CONFLICT', 'ALREADY_EXISTS', 'IDEMPOTENCY_KEY_REUSED'],
  413: ['PAYLOAD_TOO_LARGE'],
  503: ['SERVICE_UNAVAILABLE'],
};
const COMMAND_503 = {
  description: 'the self-check found a bad entry: commands are refused, reads go on',
  codes: ['SERVICE_UNAVAILABLE', 'LEDGER_CORRUPT'],
};

const date = (description?: string): SchemaObject => ({ type: 'string', format: 'date', ...(description ? { description } : {}) });
const instant = (description?: string): SchemaObject => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
const fen = (description?: string): SchemaObject => ({
  type: 'integer',
  minimum: 0,
  description: `fen (CNY minor units)${description ? `; ${description}` : ''}`,
});
const position: SchemaObject = { type: 'integer', minimum: 1, description: 'ledger position' };
const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
const object = (
  properties: Record<string, SchemaObject | ReferenceObject>,
  required: string[] = Object.keys(properties),
): SchemaObject => ({ type: 'object', required, properties });
const array = (items: SchemaObject | ReferenceObject): SchemaObject => ({ type: 'array', items });
const page = (items: SchemaObject | ReferenceObject, cursor: string): SchemaObject =>
  object({ items: array(items), nextCursor: { type: 'string', description: cursor } });

/** API.md "Ledger entry envelope". */
const LEDGER_ENTRY: SchemaObject = {
  ...object(
    {
      position,
      streamId: { type: 'string' },
      streamVersion: { type: 'integer', minimum: 1 },
      eventId: { type: 'string' },
      type: { type: 'string' },
      schemaVersion: { type: 'integer', minimum: 1 },
      data: { type: 'object' },
      privateDigest: { type: 'string', description: 'base64(SHA-256(privateSalt ‖ JCS(private)))' },
      metadata: object(
        {
          actor: { type: 'string' },
          role: { type: 'string' },
          correlationId: { type: 'string' },
          causationId: { type: 'string' },
          idempotencyKey: { type: 'string' },
        },
        ['actor', 'role', 'correlationId', 'causationId'],
      ),
      recordedAt: instant(),
      leafHash: { type: 'string', description: 'base64(SHA-256(0x00 ‖ JCS(envelope)))' },
      private: { type: 'object', description: 'auditors only: recipients, internalNote' },
      privateSalt: { type: 'string', description: 'auditors only' },
    },
    ['position', 'streamId', 'streamVersion', 'eventId', 'type', 'schemaVersion', 'data', 'metadata', 'recordedAt', 'leafHash'],
  ),
  description: 'API.md "Ledger entry envelope"',
};

const json = (schema: SchemaObject | ReferenceObject, description: string): ResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});
const text = (description: string, example?: string): ResponseObject => ({
  description,
  content: { 'text/plain': { schema: { type: 'string', ...(example ? { example } : {}) } } },
});
const PAIR = 'opaque cursor: pass it as ?after= for the next page';

/** What the reads answer (API.md "Queries"), by operation: the main fields, not every nested one. */
const READ_RESPONSES: Record<string, Record<string, ResponseObject>> = {
  'get /health': {
    200: json(
      object(
        {
          status: { type: 'string', enum: ['ok', 'degraded'] },
          store: object({ kind: { type: 'string' }, ready: { type: 'boolean' }, head: { type: 'integer', minimum: 0 } }),
          ledger: { type: 'object' },
          projections: array({ type: 'object' }),
        },
        ['status', 'store'],
      ),
      'the store answers ("degraded": a read model stopped at an entry it cannot apply)',
    ),
    503: json(
      object({ status: { type: 'string', enum: ['unavailable', 'corrupt'] }, store: { type: 'object' } }, ['status', 'store']),
      'the store does not answer, or the self-check found a bad entry',
    ),
  },
  'get /metrics': { 200: text('Prometheus text exposition format 0.0.4') },
  'get /v1/projects/{projectId}': {
    200: json(
      object(
        {
          projectId: { type: 'string' },
          asOf: instant('the instant the state is given as of (absent: now)'),
          position: { ...position, description: 'last ledger position folded into this state' },
          project: { type: 'object', description: 'status (registered | tendered | awarded | contracted) and the facts so far' },
          contracts: array(object({ contractId: { type: 'string' }, state: { type: 'object' } })),
        },
        ['projectId', 'position', 'project', 'contracts'],
      ),
      'the project and its contracts',
    ),
  },
  'get /v1/projects/{projectId}/history': {
    200: json(
      object({ projectId: { type: 'string' }, items: array(ref('LedgerEntry')) }),
      'every entry of the project, its contracts and penalties, in ledger order',
    ),
  },
  'get /v1/contracts/{contractId}': {
    200: json(
      object(
        {
          contractId: { type: 'string' },
          projectId: { type: 'string' },
          region: { type: 'string' },
          fiscalYear: { type: 'integer' },
          contractorUscc: { type: 'string' },
          amount: fen(),
          signedAt: date(),
          startDate: date(),
          endDate: date(),
          announcedAt: { ...date(), nullable: true },
          paid: fen(),
          remaining: fen(),
          status: { type: 'string', enum: ['active', 'terminated', 'completed'] },
          payments: array({ type: 'object' }),
          evaluations: array({ type: 'object' }),
          violations: array({ type: 'object' }),
        },
        ['contractId', 'projectId', 'amount', 'paid', 'status'],
      ),
      'contract state',
    ),
  },
  'get /v1/budgets/{region}/{fiscalYear}': {
    200: json(
      object({
        region: { type: 'string' },
        fiscalYear: { type: 'integer' },
        policyId: { type: 'string' },
        capRule: { type: 'string' },
        fundBaseYear: { type: 'integer' },
        fundBase: fen(),
        cap: fen(),
        reserved: fen(),
        committed: fen(),
        paid: fen(),
        released: fen(),
        remaining: { type: 'integer', description: 'fen; cap − reserved (negative when over)' },
        funds: { type: 'object' },
        byCategory: { type: 'object' },
        byPurchaser: { type: 'object' },
      }),
      'budget consumption against the cap',
    ),
  },
  'get /v1/credit/contractors/{uscc}': {
    200: json(
      object(
        {
          uscc: { type: 'string' },
          name: { type: 'string' },
          contractorKind: { type: 'string' },
          region: { type: 'string', nullable: true },
          contracts: array({ type: 'object' }),
          contractsValue: fen(),
          evaluations: array({ type: 'object' }),
          averageScore: { type: 'number', nullable: true },
          violations: array({ type: 'object' }),
          penalties: array({ type: 'object' }),
          debarments: array(
            object({ penaltyId: { type: 'string' }, from: date(), until: date(), lifted: { type: 'boolean' } }, [
              'penaltyId',
              'from',
              'until',
              'lifted',
            ]),
          ),
          dishonestyRecords: array(
            object(
              {
                penaltyId: { type: 'string' },
                publishedAt: date(),
                status: { type: 'string', enum: ['published', 'withdrawn', 'repaired', 'expired'] },
              },
              ['penaltyId', 'publishedAt', 'status'],
            ),
          ),
          debarredOn: object({ date: date(), debarred: { type: 'boolean' } }),
          position,
        },
        ['uscc', 'name', 'contracts', 'debarments', 'dishonestyRecords', 'debarredOn'],
      ),
      "the contractor's credit record",
    ),
  },
  'get /v1/credit/dishonesty': {
    200: json(
      object({
        asOf: date(),
        items: array(
          object(
            {
              penaltyId: { type: 'string' },
              uscc: { type: 'string' },
              contractId: { type: 'string' },
              violationIds: array({ type: 'string' }),
              publishedAt: date(),
              status: { type: 'string', enum: ['published', 'withdrawn', 'repaired', 'expired'] },
              endedAt: { ...date(), nullable: true },
              position,
            },
            ['penaltyId', 'uscc', 'publishedAt', 'status', 'position'],
          ),
        ),
      }),
      'dishonesty records in force on that date',
    ),
  },
  'get /v1/credit/feed': {
    200: {
      description:
        'a page of credit-relevant entries; with Accept: text/event-stream a live SSE stream (`id:` = cursor, `event:` = entry type, `data:` = the item as JSON; resume with Last-Event-ID)',
      content: {
        'application/json': { schema: page(ref('CreditFeedItem'), PAIR) },
        'text/event-stream': {
          schema: { type: 'string', example: 'id: cjoxOjE\nevent: ContractorDebarred\ndata: {"position":1,...}\n\n' },
        },
      },
    },
  },
  'get /v1/disclosure/projects': {
    200: json(
      object({
        items: array({ type: 'object' }),
        page: { type: 'integer', minimum: 1 },
        pageSize: { type: 'integer', minimum: 1 },
        total: { type: 'integer', minimum: 0 },
      }),
      'a page of disclosed projects',
    ),
  },
  'get /v1/disclosure/projects/{projectId}': {
    200: json(
      object({ projectId: { type: 'string' }, contracts: array({ type: 'object' }) }, ['projectId', 'contracts']),
      'the public view of the project',
    ),
  },
  'get /v1/disclosure/ocds/records/{ocid}': {
    200: json(
      object({ uri: { type: 'string' }, publishedDate: instant(), records: array({ type: 'object' }) }, [
        'uri',
        'publishedDate',
        'records',
      ]),
      'an OCDS 1.1 record package',
    ),
  },
  'get /v1/disclosure/ocds/releases': {
    200: json(
      object(
        {
          uri: { type: 'string' },
          publishedDate: instant(),
          releases: array({ type: 'object' }),
          links: object({ next: { type: 'string' } }),
        },
        ['uri', 'publishedDate', 'releases'],
      ),
      'an OCDS 1.1 release package',
    ),
  },
  'get /v1/catalogue': {
    200: json(
      object({
        purchasable: array(
          object({
            code: { type: 'string' },
            name: { type: 'string' },
            kind: { type: 'string', enum: ['affairs', 'service'] },
            kindName: { type: 'string' },
            source: { type: 'string' },
          }),
        ),
        prohibited: array(object({ code: { type: 'string' }, reason: { type: 'string' } })),
        prohibitedPurposes: array(object({ code: { type: 'string' }, reason: { type: 'string' } })),
      }),
      'the catalogue',
    ),
  },
  'get /v1/ledger/events': {
    200: json(
      page(ref('LedgerEntry'), 'opaque cursor (or pass a ledger position): ?after= for the next page'),
      'raw ledger entries, ascending, with their private parts',
    ),
  },
  'get /v1/audit/findings': {
    200: json(
      object({
        region: { type: 'string' },
        fiscalYear: { type: 'integer' },
        asOf: date(),
        items: array(
          object(
            {
              code: {
                type: 'string',
                enum: [
                  'LATE_ANNOUNCEMENT',
                  'MISSING_EVALUATIONS',
                  'PAYMENTS_BEHIND_SCHEDULE',
                  'PAYMENTS_AHEAD_OF_SCHEDULE',
                  'NEAR_BUDGET_CAP',
                ],
              },
              contractId: { type: 'string' },
              detail: { type: 'string' },
              positions: array(position),
            },
            ['code', 'detail', 'positions'],
          ),
        ),
      }),
      'compliance findings',
    ),
  },
  'get /v1/ledger/checkpoint': { 200: text('the latest checkpoint: a C2SP tlog-checkpoint signed note (Ed25519)') },
  'get /v1/ledger/checkpoints': {
    200: json(
      page({ type: 'string', description: 'a signed note' }, 'the tree size of the last checkpoint: ?after= for the next page'),
      'every checkpoint issued, oldest first',
    ),
  },
  'get /v1/ledger/key': { 200: text('the verifier key, C2SP form name+hexkeyid+base64(0x01‖pubkey)') },
  'get /v1/ledger/proofs/inclusion': {
    200: json(
      object({
        leafIndex: { type: 'integer', minimum: 0 },
        treeSize: { type: 'integer', minimum: 1 },
        leafHash: { type: 'string', format: 'byte' },
        auditPath: array({ type: 'string', format: 'byte' }),
      }),
      'RFC 9162 §2.1.3 inclusion proof',
    ),
  },
  'get /v1/ledger/proofs/consistency': {
    200: json(
      object({
        from: { type: 'integer', minimum: 1 },
        to: { type: 'integer', minimum: 1 },
        proof: array({ type: 'string', format: 'byte' }),
      }),
      'RFC 9162 §2.1.4 consistency proof',
    ),
  },
  'get /v1/ledger/entries/{position}/proof': {
    200: json(
      object({
        entry: ref('LedgerEntry'),
        proof: object({
          leafIndex: { type: 'integer', minimum: 0 },
          treeSize: { type: 'integer', minimum: 1 },
          leafHash: { type: 'string' },
          auditPath: array({ type: 'string' }),
        }),
        checkpoint: { type: 'string', description: 'the signed checkpoint the proof is against' },
        verifierKey: { type: 'string' },
      }),
      'the public envelope, its inclusion proof and the signed checkpoint',
    ),
  },
};

const CREDIT_FEED_ITEM: SchemaObject = object({
  position,
  publishedBy: { ...position, description: "the entry that made it public (its own, or the contract's announcement)" },
  recordedAt: instant(),
  type: { type: 'string' },
  uscc: { type: 'string' },
  leafHash: { type: 'string' },
  data: { type: 'object' },
});

/**
 * Who may call each operation, keyed by the document's operationId (`<Controller>_<method>`, the
 * @nestjs/swagger default), read with accessOf from the metadata the guard reads.
 */
export function routeAccess(app: INestApplicationContext): Map<string, Access> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const method of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        access.set(`${controller.name}_${method}`, accessOf(reflector, [handler, controller]));
      }
    }
  }
  return access;
}

/**
 * Path parameters by name, as the API uses them everywhere (API.md "Conventions") and the pipes
 * check them (src/http/params.ts, the budget and proof controllers).
 */
const PATH_PARAMETERS: Record<string, SchemaObject> = {
  projectId: { type: 'string', pattern: CLIENT_ID.source },
  contractId: { type: 'string', pattern: CLIENT_ID.source },
  penaltyId: { type: 'string', pattern: CLIENT_ID.source },
  uscc: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'unified social credit code, check character validated' },
  region: { type: 'string', pattern: REGION_CODE.source },
  fiscalYear: { type: 'integer', minimum: 2000, maximum: 2100 },
  position: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 },
  ocid: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,160}$' },
};

/** Query parameters every read that takes them reads the same way (src/http/freshness.ts). */
const QUERY_PARAMETERS: Record<string, Partial<ParameterObject>> = {
  minPosition: {
    description:
      "read-your-writes: wait (up to 2 s, else 503 with Retry-After) until the read models have applied this ledger position, e.g. a command's `position`",
    schema: { type: 'integer', minimum: 0, maximum: 999_999_999_999_999 },
  },
};

/** Path parameter examples the service accepts (an integrator's first request; test/e2e/openapi-examples.e2e-spec.ts sends them). */
const PATH_EXAMPLES: Record<string, string | number> = {
  projectId: 'cc-2024-001',
  contractId: 'cc-2024-001-c1',
  penaltyId: 'pen-2024-001',
  uscc: '52220100MJ00000016',
  region: '220100',
  fiscalYear: 2024,
  position: 1,
  ocid: 'ocds-213czf-cc-2024-001',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Which refusals an operation can answer, from what it takes: path ids, inputs, a key, a body, its rules. */
function refusalsOf(path: string, method: string, op: OperationObject, access: Access | undefined): number[] {
  const params = (op.parameters ?? []) as ParameterObject[];
  const statuses = new Set<number>();
  if (params.length > 0 || op.requestBody) statuses.add(400);
  if (access?.public === false) [401, 403].forEach((s) => statuses.add(s));
  if (path.includes('{')) statuses.add(404);
  if (method === 'post') [409, 413, 503].forEach((s) => statuses.add(s));
  if ((COMMAND_RULE_CODES[path]?.length ?? 0) > 0 && method === 'post') statuses.add(422);
  if (params.some((p) => p.name === 'minPosition')) statuses.add(503);
  return [...statuses].sort();
}

const roleLine = (access: Access): string =>
  access.public
    ? 'Public: no API key needed.'
    : `Roles: ${['admin', ...access.roles.filter((r) => r !== 'admin')].join(', ')} (Authorization: Bearer <api key>).`;

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

export interface RefineOptions {
  /** Who may call each operation, by operationId (routeAccess). */
  readonly access: ReadonlyMap<string, Access>;
}

/**
 * The document with the Problem, CommandResponse and read schemas, who may call each operation,
 * body rules, path parameters, command headers and every refusal with its codes.
 */
export function refineOpenApi(doc: OpenAPIObject, { access }: RefineOptions): OpenAPIObject {
  const schemas: Record<string, SchemaObject | ReferenceObject> = {
    ...structuredClone(doc.components?.schemas),
    Problem: PROBLEM,
    CommandResponse: COMMAND_RESPONSE,
    LedgerEntry: LEDGER_ENTRY,
    CreditFeedItem: CREDIT_FEED_ITEM,
  };
  withValidationRules(schemas);
  const problem = (status: number, path: string, method: string): ResponseObject => {
    const command = method === 'post';
    const codes = status === 422 ? COMMAND_RULE_CODES[path] : status === 503 && command ? COMMAND_503.codes : REFUSAL_CODES[status];
    const description = status === 503 && command ? COMMAND_503.description : REFUSALS[status];
    return {
      description: `${codes.join(', ')}: ${description}`,
      content: {
        'application/problem+json': {
          schema: { allOf: [ref('Problem'), { type: 'object', properties: { code: { type: 'string', enum: [...codes] } } }] },
        },
      },
    };
  };
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const next = { ...item };
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const who = op.operationId ? access.get(op.operationId) : undefined;
      const responses = { ...op.responses, ...READ_RESPONSES[`${method} ${path}`] };
      let parameters = op.parameters?.map((p) => {
        const param = p as ParameterObject;
        if (param.in === 'query' && QUERY_PARAMETERS[param.name]) return { ...param, ...QUERY_PARAMETERS[param.name] };
        return param.in === 'path' && PATH_PARAMETERS[param.name]
          ? { ...param, schema: PATH_PARAMETERS[param.name], example: PATH_EXAMPLES[param.name] }
          : p;
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
              'Idempotent-Replayed': {
                description: '"true" when this is the original response to a repeated Idempotency-Key',
                schema: { type: 'string', enum: ['true'] },
              },
            },
            content: { 'application/json': { schema: ref('CommandResponse') } },
          };
        }
      }
      for (const status of refusalsOf(path, method, { ...op, parameters }, who))
        responses[String(status)] ??= problem(status, path, method);
      const refined: OperationObject = { ...op, ...(parameters ? { parameters } : {}), responses };
      if (who) {
        refined.description = [op.description, roleLine(who)].filter(Boolean).join('\n\n');
        refined.security = who.public ? [] : [{ bearer: [] }];
        Object.assign(refined, who.public ? { 'x-public': true } : { 'x-roles': ['admin', ...who.roles.filter((r) => r !== 'admin')] });
      }
      if (method === 'post') Object.assign(refined, { 'x-rule-codes': [...(COMMAND_RULE_CODES[path] ?? [])] });
      next[method] = refined;
    }
    paths[path] = next;
  }
  return { ...doc, paths, components: { ...doc.components, schemas } };
}
