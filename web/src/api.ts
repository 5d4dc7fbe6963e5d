/**
 * How the portal's scripts call the service's API: same origin, JSON, problems (RFC 9457) read as
 * errors with their code and reasons. The console's key lives in this tab's sessionStorage only and
 * goes out as the bearer header, never in a URL or a cookie (issue 16).
 */
const KEY_SLOT = 'ledger.auditorKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY_SLOT);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY_SLOT, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY_SLOT);

/** GET with the key as the bearer header; the response as is (its media type says which form the server chose). */
export async function send(path: string, accept: string, key: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(path, { headers, credentials: 'omit', cache: 'no-store' });
  if (res.ok) return res;
  let code = `HTTP_${res.status}`;
  let message = res.statusText;
  try {
    const problem = (await res.json()) as { code?: string; detail?: string; title?: string };
    code = problem.code ?? code;
    message = problem.detail ?? problem.title ?? message;
  } catch {
    // not a problem document: the status says it
  }
  throw new ApiError(res.status, code, message);
}

/** GET a JSON resource; `key` (the console's) is sent as the bearer header when given. */
export async function getJson<T>(path: string, key: string | null = null): Promise<T> {
  return (await send(path, 'application/json', key)).json() as Promise<T>;
}

/** GET a text resource (a signed checkpoint, the verifier key, a CSV). */
export async function getText(path: string, accept = 'text/plain', key: string | null = null): Promise<string> {
  return (await send(path, accept, key)).text();
}
