import { createServer, Server, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyHttpOptions, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpLimits } from '../config/config';
import { ProblemException } from './problem';

/** An answer written straight to the socket, for refusals made before Fastify has a request. */
function rawProblem(problem: ProblemException): string {
  const body = JSON.stringify(problem.toBody());
  const extra = Object.entries(problem.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;
}

/**
 * Node's HTTP parser refuses a malformed request (bare CR, bad Content-Length, bad byte, header block
 * over the limit, too slow) before any route runs; this answers it as problem+json instead of
 * Fastify's own format. Runs once per socket however many servers report the error.
 */
export function problemClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // The error also carries the raw bytes (`rawPacket`), headers and query included: never logged, never echoed.
  const problem =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new ProblemException(431, 'HEADERS_TOO_LARGE', 'the request line and headers are larger than the service accepts')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ProblemException(408, 'REQUEST_TIMEOUT', 'the request did not arrive in time; send the headers and body without pauses')
        : new ProblemException(400, 'VALIDATION_FAILED', `the request is not valid HTTP/1.1 (${err.code ?? 'parse error'})`);
  // As Node does: answer unless a response on this socket has started, which another must not corrupt.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(rawProblem(problem));
  socket.destroy();
}

/** Errors Fastify's router raises before routing (bad percent-encoding in the path, an over-long parameter). */
export function problemFrameworkError(err: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const problem =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ProblemException(414, 'URI_TOO_LONG', 'a path segment is longer than the service accepts')
      : err.code === 'FST_ERR_BAD_URL'
        ? new ProblemException(400, 'VALIDATION_FAILED', 'the URL path is not valid percent-encoded UTF-8', [
            { path: 'path', message: 'bad percent-encoding' },
          ])
        : new ProblemException(500, 'INTERNAL_ERROR', 'an unexpected error occurred; it has been logged');
  void reply.code(problem.status).type('application/problem+json').send(JSON.stringify(problem.toBody()));
}

const MAX_ANSWERING_REFUSALS = 100;

/**
 * Counts open connections in total and per client address; one over either limit is answered 503
 * and closed before the HTTP parser sees it. Long-lived responses (SSE) count for as long as they are open.
 */
export class ConnectionLimiter {
  private total = 0;
  private readonly perClient = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  /** Refused sockets still being answered (each lingers up to a second). */
  private answering = 0;

  constructor(
    private readonly max: number,
    private readonly maxPerClient: number,
  ) {}

  get open(): number {
    return this.total;
  }

  /** Counts the socket until it closes, or answers it and returns false. */
  admit(socket: Socket): boolean {
    const client = clientAddress(socket);
    const mine = this.perClient.get(client) ?? 0;
    if (this.total >= this.max || mine >= this.maxPerClient) {
      this.refuse(
        socket,
        this.total >= this.max
          ? `the service holds its maximum of ${this.max} connections`
          : `this client holds its maximum of ${this.maxPerClient} connections`,
      );
      return false;
    }
    this.total++;
    this.perClient.set(client, mine + 1);
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.total--;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left === 0) this.perClient.delete(client);
      else this.perClient.set(client, left);
    });
    return true;
  }

  /**
   * At shutdown the server waits for every connection to close, and an SSE stream or a socket that never
   * sent a request would hold it forever: those without a response in progress go now, the rest after `graceMs`.
   */
  drain(graceMs: number): void {
    for (const socket of this.sockets) if (!(socket as Socket & { _httpMessage?: unknown })._httpMessage) socket.destroy();
    setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, graceMs).unref();
  }

  private refuse(socket: Socket, detail: string): void {
    socket.on('error', () => undefined);
    // A flood of refused connections must not hold a descriptor each while they are answered: past a few, they are cut.
    if (this.answering >= MAX_ANSWERING_REFUSALS) return void socket.destroy();
    this.answering++;
    socket.once('close', () => this.answering--);
    const problem = new ProblemException(503, 'SERVICE_UNAVAILABLE', `${detail}; retry shortly`, undefined, { 'Retry-After': '1' });
    // Reading on after the answer lets the client finish sending and read it; a reset would discard it.
    socket.end(rawProblem(problem));
    socket.resume();
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}

function clientAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Fastify's `serverFactory`: the HTTP server with the timeouts, header limit and connection limits of
 * `limits`. The header timeout bounds slow headers; the request timeout bounds a slow body. Neither
 * covers the response, so an SSE stream, whose request is complete when it starts, stays open.
 */
export function boundedServerFactory(limits: HttpLimits, limiter: ConnectionLimiter) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server => {
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        // Node looks for expired requests on this period (30 s by default): a tenth of the header timeout keeps the cut-off close to it.
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 10))),
      },
      handler,
    );
    // Fastify's default (it sets it only on servers it makes itself): an idle keep-alive connection is closed after it.
    server.keepAliveTimeout = 72_000;
    // The limiter runs before Node's own connection listener, which attaches the HTTP parser: a refused socket never reaches it.
    const attachParser = server.listeners('connection') as ((socket: Socket) => void)[];
    server.removeAllListeners('connection');
    server.on('connection', (socket: Socket) => {
      if (limiter.admit(socket)) for (const listener of attachParser) listener.call(server, socket);
    });
    server.on('clientError', problemClientError);
    // Node answers an Expect other than 100-continue itself, with an empty 417, unless this event is handled.
    server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
      const problem = new ProblemException(417, 'EXPECTATION_FAILED', 'the service supports only Expect: 100-continue');
      const body = JSON.stringify(problem.toBody());
      res
        .writeHead(417, { 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' })
        .end(body);
    });
    return server;
  };
}

/**
 * The query string of `url` refused as 400 when a `%` is not followed by two hex digits or the
 * escapes do not decode to UTF-8; undefined when it is well formed.
 */
export function malformedQuery(url: string): ProblemException | undefined {
  const at = url.indexOf('?');
  if (at < 0 || !url.includes('%', at)) return undefined;
  const query = url.slice(at + 1);
  let wellFormed = !/%(?![0-9A-Fa-f]{2})/.test(query);
  try {
    if (wellFormed) decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    wellFormed = false;
  }
  return wellFormed
    ? undefined
    : new ProblemException(400, 'VALIDATION_FAILED', 'the query string is not valid percent-encoded UTF-8', [
        { path: 'query', message: 'bad percent-encoding' },
      ]);
}

/**
 * Nest's adapter answers requests that arrive while the service shuts down with Fastify's own 503
 * body; created with `return503OnClosing: false`, this one knows when shutdown starts so that a hook
 * can refuse them as problem+json instead.
 */
export class ShutdownAwareFastifyAdapter extends FastifyAdapter {
  private closing = false;

  constructor(
    private readonly limiter: ConnectionLimiter,
    options: FastifyHttpOptions<Server>,
  ) {
    super(options);
  }

  get shuttingDown(): boolean {
    return this.closing;
  }

  override beforeClose(): void {
    this.closing = true;
    super.beforeClose();
  }

  override async close(): Promise<void> {
    this.closing = true;
    this.limiter.drain(SHUTDOWN_GRACE_MS);
    await super.close();
  }
}

/** How long requests in progress (an SSE stream among them) may go on once shutdown has begun. */
export const SHUTDOWN_GRACE_MS = 5000;

export const shuttingDown = (): ProblemException =>
  new ProblemException(503, 'SERVICE_UNAVAILABLE', 'the service is shutting down; retry shortly', undefined, {
    'Retry-After': '1',
    Connection: 'close',
  });
