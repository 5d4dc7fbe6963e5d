import { expect } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { get } from 'node:http';
import { API_KEYS_JSON, KEYS } from '../support/app';
import { startService, type ServiceProcess } from '../support/service';
import { SHUTDOWN_GRACE_MS } from '../../src/http/http-server';

/** A raw TCP client: what the server sent, and when (ms after connecting) it closed the connection. */
interface Raw {
  readonly socket: Socket;
  readonly connected: Promise<void>;
  readonly closed: Promise<{ data: string; afterMs: number }>;
}

function open(port: number, localAddress?: string): Raw {
  const socket = connect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) });
  const started = Date.now();
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (data += d));
  socket.on('error', () => undefined);
  const connected = new Promise<void>((r) => socket.once('connect', () => r()));
  const closed = new Promise<{ data: string; afterMs: number }>((r) =>
    socket.once('close', () => r({ data, afterMs: Date.now() - started })),
  );
  return { socket, connected, closed };
}

/** Sends `text` one byte at a time, `everyMs` apart, until the socket closes. */
function dribble(raw: Raw, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (raw.socket.destroyed || i >= text.length) return clearInterval(timer);
    raw.socket.write(text[i++]);
  }, everyMs);
  raw.socket.once('close', () => clearInterval(timer));
}

/** GET over a fresh connection (no pool): status and milliseconds taken. */
function timedGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
    }).once('error', reject);
  });
}

/** Normal requests made one after another while `until` is pending: every latency. */
async function latenciesWhile(url: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const ms: number[] = [];
  while (!done) {
    const r = await timedGet(`${url}/health`);
    expect(r.status).toBe(200);
    ms.push(r.ms);
    await new Promise((r) => setTimeout(r, 100));
  }
  return ms;
}

function problemOf(response: string): { status: number; body: Record<string, unknown> } {
  const [head, body] = response.split('\r\n\r\n');
  expect(head).toMatch(/content-type: application\/problem\+json/i);
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body: JSON.parse(body) as Record<string, unknown> };
}

const HEADERS_TIMEOUT = 1000;
const REQUEST_TIMEOUT = 2000;

describe('slow clients are cut off; others keep their latency', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({
      LEDGER_API_KEYS: API_KEYS_JSON,
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT),
    });
  });
  afterAll(async () => service.stop());

  it('headers sent a byte at a time are answered 408 REQUEST_TIMEOUT and closed after the header timeout', async () => {
    const slow = open(service.port);
    await slow.connected;
    dribble(slow, `GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, 100);
    const latencies = await latenciesWhile(service.url, slow.closed);
    const { data, afterMs } = await slow.closed;
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT - 100);
    expect(afterMs).toBeLessThan(HEADERS_TIMEOUT + 1500);
    expect(problemOf(data)).toEqual({ status: 408, body: expect.objectContaining({ status: 408, code: 'REQUEST_TIMEOUT' }) });
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(HEADERS_TIMEOUT / 2);
  });

  it('a body sent a byte at a time is answered 408 and closed after the request timeout; nothing is appended', async () => {
    const slow = open(service.port);
    await slow.connected;
    const body = JSON.stringify({ fundId: 'slow-fund', region: '220000', fiscalYear: 2024, amount: 100, source: 'x' });
    slow.socket.write(
      `POST /v1/funds HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.admin}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    dribble(slow, body, 100);
    const latencies = await latenciesWhile(service.url, slow.closed);
    const { data, afterMs } = await slow.closed;
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT - 100);
    expect(afterMs).toBeLessThan(REQUEST_TIMEOUT + 1500);
    expect(problemOf(data)).toEqual({ status: 408, body: expect.objectContaining({ code: 'REQUEST_TIMEOUT' }) });
    expect(Math.max(...latencies)).toBeLessThan(HEADERS_TIMEOUT / 2);
    const health = await fetch(`${service.url}/health`).then((r) => r.json() as Promise<{ store: { head: number } }>);
    expect(health.store.head).toBe(0);
  });

  it('a connection that never sends a request is closed after the header timeout', async () => {
    const idle = open(service.port);
    const { data, afterMs } = await idle.closed;
    expect(afterMs).toBeLessThan(HEADERS_TIMEOUT + 1500);
    if (data !== '') expect(problemOf(data).status).toBe(408);
  });

  it('an SSE stream stays open past the request timeout: its request was complete when it started', async () => {
    const sse = open(service.port);
    await sse.connected;
    sse.socket.write(
      `GET /v1/credit/feed HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${KEYS.creditPlatform}\r\n\r\n`,
    );
    const outcome = await Promise.race([
      sse.closed.then(() => 'closed'),
      new Promise((r) => setTimeout(() => r('open'), REQUEST_TIMEOUT * 2)),
    ]);
    expect(outcome).toBe('open');
    sse.socket.destroy();
    const { data } = await sse.closed;
    expect(data).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(data).toMatch(/content-type: text\/event-stream/i);
    expect(data).toContain('retry: 2000\n\n');
  });
});

describe('connection limits', () => {
  const PER_CLIENT = 3;
  const TOTAL = 5;
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({
      LEDGER_API_KEYS: API_KEYS_JSON,
      MAX_CONNECTIONS_PER_CLIENT: String(PER_CLIENT),
      MAX_CONNECTIONS: String(TOTAL),
    });
  });
  afterAll(async () => service.stop());

  async function held(n: number, localAddress?: string): Promise<Raw[]> {
    const sockets = Array.from({ length: n }, () => open(service.port, localAddress));
    await Promise.all(sockets.map((s) => s.connected));
    return sockets;
  }

  async function release(sockets: Raw[]): Promise<void> {
    for (const s of sockets) s.socket.destroy();
    await Promise.all(sockets.map((s) => s.closed));
  }

  /** The server sees a client's close a moment after the client does: a request is admitted again within a second or two. */
  async function admittedAgain(): Promise<number> {
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      status = (await timedGet(`${service.url}/health`)).status;
    }
    return status;
  }

  it('one connection over the per-client limit is answered 503 and closed; the others are served, and a freed slot is taken again', async () => {
    const mine = await held(PER_CLIENT);
    const extra = open(service.port);
    const { data } = await extra.closed;
    const refused = problemOf(data);
    expect(refused).toEqual({
      status: 503,
      body: expect.objectContaining({
        code: 'SERVICE_UNAVAILABLE',
        detail: expect.stringContaining(`maximum of ${PER_CLIENT} connections`),
      }),
    });
    expect(data).toMatch(/\r\nRetry-After: 1\r\n/);
    mine[0].socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect((await mine[0].closed).data).toMatch(/^HTTP\/1\.1 200 OK/);
    // The slot the served request freed is open to this client again.
    expect(await admittedAgain()).toBe(200);
    await release(mine);
  });

  it('an SSE stream counts against the limit for as long as it is open', async () => {
    const sse = open(service.port);
    await sse.connected;
    sse.socket.write(
      `GET /v1/credit/feed HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${KEYS.creditPlatform}\r\n\r\n`,
    );
    const others = await held(PER_CLIENT - 1);
    const extra = open(service.port);
    expect(problemOf((await extra.closed).data).status).toBe(503);
    await release([sse]);
    expect(await admittedAgain()).toBe(200);
    await release(others);
  });

  it('a flood of refused connections is answered a hundred at a time; the rest are cut without an answer', async () => {
    const mine = await held(PER_CLIENT);
    // Clients that never close: each answered refusal stays open on the server until it cuts it (a second later).
    const flood = Array.from({ length: 150 }, () => {
      const socket = connect({ host: '127.0.0.1', port: service.port, allowHalfOpen: true });
      const seen = { data: '', ended: false };
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (seen.data += d));
      socket.on('end', () => (seen.ended = true));
      socket.on('error', () => (seen.ended = true));
      return { socket, seen };
    });
    await new Promise((r) => setTimeout(r, 500));
    const answered = flood.filter((f) => f.seen.data.startsWith('HTTP/1.1 503')).length;
    const cut = flood.filter((f) => f.seen.data === '' && f.seen.ended).length;
    for (const f of flood) f.socket.destroy();
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(100);
    expect(answered + cut).toBe(150);
    // Once those are gone, a refusal is answered again.
    await new Promise((r) => setTimeout(r, 1200));
    expect(problemOf((await open(service.port).closed).data).status).toBe(503);
    await release(mine);
  });

  it('one connection over the total limit is refused whichever address it comes from', async () => {
    // Loopback answers from any 127.x address, so three clients can be told apart.
    const first = await held(PER_CLIENT, '127.0.0.2');
    const second = await held(TOTAL - PER_CLIENT, '127.0.0.3');
    const extra = open(service.port, '127.0.0.4');
    const refused = problemOf((await extra.closed).data);
    expect(refused).toEqual({
      status: 503,
      body: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', detail: expect.stringContaining(`maximum of ${TOTAL} connections`) }),
    });
    await release([...first, ...second]);
    expect(await admittedAgain()).toBe(200);
  });
});

describe('shutdown with connections open', () => {
  it('does not wait on a socket that never sent a request, and ends an SSE stream after the grace period', async () => {
    const service = await startService({ LEDGER_API_KEYS: API_KEYS_JSON });
    const idle = open(service.port);
    const sse = open(service.port);
    await Promise.all([idle.connected, sse.connected]);
    sse.socket.write(
      `GET /v1/credit/feed HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${KEYS.creditPlatform}\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, 300));
    const stopped = await service.stop();
    expect(stopped.killed).toBe(false);
    expect(stopped.ms).toBeLessThan(SHUTDOWN_GRACE_MS + 3000);
    expect((await idle.closed).afterMs).toBeLessThan((await sse.closed).afterMs);
  });
});
