import type { ParameterObject, SchemaObject } from '@nestjs/swagger';
import { REGION_CODE } from '../../shared/domain/region';
import { CLIENT_ID } from '../validators';

/** The optional headers every command accepts (API.md "Conventions"). */
export const COMMAND_HEADERS: ParameterObject[] = [
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
 * Path parameters by name, as the API uses them everywhere (API.md "Conventions") and the pipes
 * check them (src/http/params.ts, the budget and proof controllers).
 */
export const PATH_PARAMETERS: Record<string, SchemaObject> = {
  projectId: { type: 'string', pattern: CLIENT_ID.source },
  contractId: { type: 'string', pattern: CLIENT_ID.source },
  penaltyId: { type: 'string', pattern: CLIENT_ID.source },
  uscc: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: 'unified social credit code, check character validated' },
  region: { type: 'string', pattern: REGION_CODE.source },
  fiscalYear: { type: 'integer', minimum: 2000, maximum: 2100 },
  position: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 },
  ocid: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,160}$' },
  // C2SP tlog-tiles (src/transparency/tlog-tiles.ts): a tile level, and a tile index in the spec's path encoding.
  L: { type: 'integer', minimum: 0, maximum: 63 },
  N: { type: 'string', pattern: '^(x\\d{3}/)*\\d{3}(\\.p/[1-9]\\d{0,2})?$' },
};

/** Query parameters every read that takes them reads the same way (src/http/freshness.ts). */
export const QUERY_PARAMETERS: Record<string, Partial<ParameterObject>> = {
  minPosition: {
    description:
      "read-your-writes: wait (up to 2 s, else 503 with Retry-After) until the read models have applied this ledger position, e.g. a command's `position`",
    schema: { type: 'integer', minimum: 0, maximum: 999_999_999_999_999 },
  },
};

/** Path parameter examples the service accepts (an integrator's first request; test/e2e/openapi-examples.e2e-spec.ts sends them). */
export const PATH_EXAMPLES: Record<string, string | number> = {
  projectId: 'cc-2024-001',
  contractId: 'cc-2024-001-c1',
  penaltyId: 'pen-2024-001',
  uscc: '52220100MJ00000016',
  region: '220100',
  fiscalYear: 2024,
  position: 1,
  ocid: 'ocds-213czf-cc-2024-001',
  L: 0,
  N: '000',
};
