import type { OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import type { Access } from '../auth';
import { CLOSED_QUERY } from '../params';
import { COMMAND_RULE_CODES } from './rule-codes';
import { ref } from './schema';

/** What each refusal means (API.md "Errors"), for the response descriptions. */
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

/** Commands whose body, not their path, names what they act on, which may not exist (404). */
const NAMED_IN_BODY = new Set(['/v1/admin/erasures']);

/** The refusal as application/problem+json, with the codes it can carry on this operation. */
export function problemResponse(status: number, path: string, method: string): ResponseObject {
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
}

/** Which refusals an operation can answer, from what it takes: path ids, inputs, a key, a body, its rules. */
export function refusalsOf(path: string, method: string, op: OperationObject, access: Access | undefined): number[] {
  const params = (op.parameters ?? []) as ParameterObject[];
  const statuses = new Set<number>();
  if (params.length > 0 || op.requestBody || CLOSED_QUERY in op) statuses.add(400);
  if (access?.public === false) [401, 403].forEach((s) => statuses.add(s));
  if (path.includes('{') || NAMED_IN_BODY.has(path)) statuses.add(404);
  if (method === 'post') [409, 413, 503].forEach((s) => statuses.add(s));
  if ((COMMAND_RULE_CODES[path]?.length ?? 0) > 0 && method === 'post') statuses.add(422);
  if (params.some((p) => p.name === 'minPosition')) statuses.add(503);
  return [...statuses].sort();
}

/**
 * A portal page (its 200 is text/html) refuses in two forms: the page with the reasons for a browser
 * (`Accept: text/html`), the problem for any other client (src/portal/views/page.ts `sendRefusal`).
 */
export function withPageRefusals(responses: OperationObject['responses']): void {
  const ok = responses['200'] as ResponseObject | undefined;
  if (!ok?.content?.['text/html']) return;
  for (const [status, response] of Object.entries(responses)) {
    const refusal = response as ResponseObject;
    if (Number(status) < 400 || !refusal.content?.['application/problem+json']) continue;
    responses[status] = {
      ...refusal,
      description: `${refusal.description} (a browser, asking for text/html, gets a page with the reasons)`,
      content: { ...refusal.content, 'text/html': { schema: { type: 'string' } } },
    };
  }
}
