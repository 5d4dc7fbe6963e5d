import { expect } from '@jest/globals';
import { connect } from 'node:net';
import { API_KEYS_JSON, KEYS } from '../support/app';
import { startService, type ServiceProcess } from '../support/service';
import { rawExchange, statusOf } from '../support/raw-http';

/** A raw request on its own connection: status line, headers and parsed body of the answer, which must be problem+json. */
async function exchange(port: number, request: string): Promise<{ status: number; headers: string; body: Record<string, unknown> }> {
  const [head, body] = (await rawExchange(port, request)).split('\r\n\r\n');
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
  return { status: statusOf(head), headers: head, body: JSON.parse(body) as Record<string, unknown> };
}

const get = (target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

describe('every refusal is problem+json with a code (the built service, raw HTTP)', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({ LEDGER_API_KEYS: API_KEYS_JSON });
  });
  afterAll(async () => service.stop());

  const problem = (status: number, code: string) => ({
    status,
    headers: expect.any(String),
    body: expect.objectContaining({
      status,
      code,
      type: `tag:social-assistance-ledger,2026:problem:${code}`,
      title: expect.any(String),
      detail: expect.any(String),
    }),
  });

  it('an unknown route is 404 NOT_FOUND; its query string is not echoed', async () => {
    const res = await exchange(service.port, get('/v1/nothing-here?api_key=abc123'));
    expect(res).toEqual(problem(404, 'NOT_FOUND'));
    expect(JSON.stringify(res.body)).not.toContain('abc123');
  });

  it('a known path with another method is 405 METHOD_NOT_ALLOWED_HTTP with Allow', async () => {
    const res = await exchange(service.port, 'DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(res).toEqual(problem(405, 'METHOD_NOT_ALLOWED_HTTP'));
    expect(res.headers).toMatch(/\r\nallow: GET, HEAD(\r\n|$)/i);
    const post = await exchange(service.port, `GET /v1/funds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.admin}\r\n\r\n`);
    expect(post.headers).toMatch(/\r\nallow: POST(\r\n|$)/i);
  });

  it('bad percent-encoding in the query string or the path is 400 VALIDATION_FAILED', async () => {
    expect(await exchange(service.port, get('/v1/disclosure/projects?region=%zz'))).toEqual(problem(400, 'VALIDATION_FAILED'));
    expect(await exchange(service.port, get('/v1/disclosure/projects?region=%C3%28'))).toEqual(problem(400, 'VALIDATION_FAILED'));
    expect(await exchange(service.port, get('/v1/disclosure/projects/%zz'))).toEqual(problem(400, 'VALIDATION_FAILED'));
  });

  it('a path parameter over the router limit is 414 URI_TOO_LONG', async () => {
    expect(await exchange(service.port, get(`/v1/disclosure/projects/${'a'.repeat(600)}`))).toEqual(problem(414, 'URI_TOO_LONG'));
  });

  it('a control byte in the request target or a header is 400 VALIDATION_FAILED', async () => {
    expect(await exchange(service.port, get('/v1/disclosure/projects?x=\x01'))).toEqual(problem(400, 'VALIDATION_FAILED'));
    expect(await exchange(service.port, get('/health', 'X-Bad: a\x01b\r\n'))).toEqual(problem(400, 'VALIDATION_FAILED'));
  });

  it('a bare CR in the header block is 400 VALIDATION_FAILED', async () => {
    expect(await exchange(service.port, 'GET /health HTTP/1.1\r\nHost: x\rX-Smuggled: y\r\n\r\n')).toEqual(
      problem(400, 'VALIDATION_FAILED'),
    );
  });

  it('a Content-Length that is not a number, or given twice, is 400 VALIDATION_FAILED', async () => {
    expect(await exchange(service.port, 'POST /v1/funds HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')).toEqual(
      problem(400, 'VALIDATION_FAILED'),
    );
    expect(await exchange(service.port, 'POST /v1/funds HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}')).toEqual(
      problem(400, 'VALIDATION_FAILED'),
    );
  });

  it('a header block over the limit is 431 HEADERS_TOO_LARGE', async () => {
    expect(await exchange(service.port, get('/health', `X-Big: ${'a'.repeat(20_000)}\r\n`))).toEqual(problem(431, 'HEADERS_TOO_LARGE'));
  });

  it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await exchange(
      service.port,
      `POST /v1/funds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.admin}\r\nContent-Type: application/json\r\nContent-Length: 300000\r\n\r\n`,
    );
    expect(res).toEqual(problem(413, 'PAYLOAD_TOO_LARGE'));
  });

  it('a malformed request after a served one on the same keep-alive connection is answered too', async () => {
    const socket = connect({ host: '127.0.0.1', port: service.port });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.write(get('/health'));
    while (!data.includes('"status":"ok"')) await new Promise((r) => setTimeout(r, 20));
    socket.write('GET /health HTTP/1.1\r\nHost: x\rX: y\r\n\r\n');
    await new Promise((r) => socket.once('close', r));
    const second = data.slice(data.indexOf('HTTP/1.1', 1));
    expect(second).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(second.split('\r\n\r\n')[1])).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('an Expect other than 100-continue is 417 EXPECTATION_FAILED', async () => {
    expect(await exchange(service.port, 'POST /v1/funds HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}')).toEqual(
      problem(417, 'EXPECTATION_FAILED'),
    );
  });

  it('an unknown method is 400 VALIDATION_FAILED', async () => {
    expect(await exchange(service.port, 'FROB /health HTTP/1.1\r\nHost: x\r\n\r\n')).toEqual(problem(400, 'VALIDATION_FAILED'));
  });
});
