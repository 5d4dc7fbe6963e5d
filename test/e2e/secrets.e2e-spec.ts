import { API_KEYS_JSON, KEYS } from '../support/app';
import { startService, type ServiceProcess } from '../support/service';
import { rawExchange, statusOf } from '../support/raw-http';

/** One raw request on its own connection; the status once the answer is in or the server closes. */
const send = async (port: number, request: string): Promise<number> => statusOf(await rawExchange(port, request));

const QUERY_CHANNELS = ['api_key', 'token', 'key', 'access_token', 'authorization'];

/** Every way a client might send `key`, to requests that succeed, are refused (4xx) or time out waiting (503). */
function requestsCarrying(key: string): { request: string; expect: number }[] {
  const query = QUERY_CHANNELS.map((name) => `${name}=${encodeURIComponent(key)}`).join('&');
  const admin = `Authorization: Bearer ${KEYS.admin}\r\n`;
  const body = JSON.stringify({ apiKey: key, key, token: key, note: `Bearer ${key}` });
  const post = (target: string, headers: string, payload: string): string =>
    `POST ${target} HTTP/1.1\r\nHost: x\r\n${headers}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
  return [
    { request: `GET /health?${query} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`, expect: 200 },
    { request: `GET /v1/ledger/events?${query} HTTP/1.1\r\nHost: x\r\n\r\n`, expect: 401 },
    // The route takes after and limit only: the key-carrying parameters are refused by name (400), once the key is let in.
    {
      request: `GET /v1/ledger/events?${query} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`,
      expect: key === KEYS.admin || key === KEYS.auditor ? 400 : 403,
    },
    {
      request: `GET /v1/ledger/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`,
      expect: key === KEYS.admin || key === KEYS.auditor ? 200 : 403,
    },
    { request: `GET /v1/not-a-route/${encodeURIComponent(key)}?${query} HTTP/1.1\r\nHost: x\r\n\r\n`, expect: 404 },
    {
      request: `GET /v1/not-a-route/api_key=${encodeURIComponent(key)}/Bearer%20${encodeURIComponent(key)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      expect: 404,
    },
    // A parameter the route does not take is refused before the path is looked up.
    { request: `GET /v1/disclosure/projects/${encodeURIComponent(key)}?${query} HTTP/1.1\r\nHost: x\r\n\r\n`, expect: 400 },
    { request: `GET /v1/disclosure/projects/${encodeURIComponent(key)} HTTP/1.1\r\nHost: x\r\n\r\n`, expect: 404 },
    { request: `DELETE /health?${query} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`, expect: 405 },
    { request: `GET /v1/disclosure/projects?${query}&bad=%zz HTTP/1.1\r\nHost: x\r\n\r\n`, expect: 400 },
    { request: post(`/v1/funds?${query}`, admin, body), expect: 400 },
    { request: post(`/v1/funds?${query}`, `Authorization: Bearer ${key}\r\n`, `{"apiKey": "${key}", `), expect: 400 },
    // Refused by the HTTP parser, whose error carries the raw bytes.
    { request: `GET /health?${query}&x=\x01 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`, expect: 400 },
    {
      request: `GET /health?${query} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      expect: 431,
    },
    // The freshness wait runs out: 503 SERVICE_UNAVAILABLE.
    { request: `GET /v1/credit/feed?minPosition=999999&${query} HTTP/1.1\r\nHost: x\r\n${admin}\r\n`, expect: 503 },
  ];
}

describe('API keys never reach the log, whatever channel carries them', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({ LEDGER_API_KEYS: API_KEYS_JSON, LOG_LEVEL: 'trace' });
  });
  afterAll(async () => service.stop());

  it('sends every key by header, query parameter, path segment and body; the whole output holds none of them', async () => {
    const keys = Object.values(KEYS);
    const statuses = await Promise.all(
      keys.map(async (key) => {
        const cases = requestsCarrying(key);
        const got = await Promise.all(cases.map((c) => send(service.port, c.request)));
        return { key, got, want: cases.map((c) => c.expect) };
      }),
    );
    for (const s of statuses) expect(s.got).toEqual(s.want);
    await service.stop();
    const output = service.output();
    // The scan looked at real log lines: each request was logged, the 503s among them.
    expect(output).toContain('"path":"/v1/not-a-route/[redacted]"');
    expect(output).toMatch(/"path":"\/v1\/credit\/feed","route":"\/v1\/credit\/feed","status":503/);
    for (const key of keys) {
      expect(output).not.toContain(key);
      expect(output).not.toContain(encodeURIComponent(key));
    }
  });

  it('logs a freshness 503 at info, with its code and without a stack', () => {
    const refusals = service
      .output()
      .split('\n')
      .filter((line) => line.includes('"code":"SERVICE_UNAVAILABLE"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(refusals.length).toBe(Object.keys(KEYS).length);
    for (const line of refusals) {
      expect(line).toMatchObject({ level: 30, msg: 'request refused', status: 503, path: '/v1/credit/feed' });
      expect(line).not.toHaveProperty('err');
    }
    expect(service.output()).not.toMatch(/"level":50/);
  });
});
