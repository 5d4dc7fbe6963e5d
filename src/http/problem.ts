/** RFC 9457 problem details, as API.md "Errors" defines them. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

const TITLES: Record<string, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Authentication is required',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED_HTTP: 'Method not allowed',
  CONCURRENCY_CONFLICT: 'The stream has moved on',
  ALREADY_EXISTS: 'Already exists',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused with a different request',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  HEADERS_TOO_LARGE: 'Request headers too large',
  URI_TOO_LONG: 'Request URI too long',
  REQUEST_TIMEOUT: 'Request not received in time',
  EXPECTATION_FAILED: 'Expectation not supported',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  LEDGER_CORRUPT: 'The ledger is corrupt',
  INTERNAL_ERROR: 'Internal error',
};

export function problemType(code: string): string {
  return `tag:social-assistance-ledger,2026:problem:${code}`;
}

/** A refusal the HTTP layer answers as problem+json; nothing is appended when it is thrown. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: ProblemBody['errors'],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${detail}`);
  }

  toBody(): ProblemBody {
    return {
      type: problemType(this.code),
      title: TITLES[this.code] ?? 'Refused by a procurement rule',
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(this.errors && this.errors.length > 0 ? { errors: this.errors } : {}),
    };
  }
}
