import type { ArgumentsHost } from '@nestjs/common';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ProblemDetailsFilter } from '../../src/http/problem-details.filter';
import { ProblemException } from '../../src/http/problem';

const KEY = 'filter-spec-key-0123456789';

/** The filter with a logger that keeps every line, and a request whose URL carries the key twice. */
function harness() {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  const filter = new ProblemDetailsFilter(logger, loadConfig({ LEDGER_API_KEYS: JSON.stringify([{ key: KEY, role: 'auditor' }]) }));
  const sent: { status?: number; body?: string } = {};
  const res = {
    sent: false,
    raw: { headersSent: false },
    header: () => res,
    status: (s: number) => ((sent.status = s), res),
    type: () => res,
    send: (b: string) => ((sent.body = b), res),
  };
  const req = { method: 'GET', url: `/v1/audit/${KEY}?api_key=${KEY}&token=${KEY}`, routeOptions: { url: '/v1/audit/:id' } };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
  return { lines, sent, catch: (error: unknown) => filter.catch(error, host) };
}

describe('ProblemDetailsFilter logging', () => {
  it('logs an unexpected 500 as an error with its stack, the path without query string and the key redacted', () => {
    const h = harness();
    h.catch(new Error('boom'));
    expect(h.sent.status).toBe(500);
    expect(h.lines).toHaveLength(1);
    const line = JSON.parse(h.lines[0]) as Record<string, unknown> & { err: { stack: string } };
    expect(line).toMatchObject({ level: 50, msg: 'request failed', method: 'GET', path: '/v1/audit/[redacted]' });
    expect(line.err.stack).toContain('boom');
    expect(h.lines[0]).not.toContain(KEY);
  });

  it('logs a 503 the service chose (freshness wait) at info, with its code and no stack', () => {
    const h = harness();
    h.catch(new ProblemException(503, 'SERVICE_UNAVAILABLE', 'not yet', undefined, { 'Retry-After': '1' }));
    expect(h.sent.status).toBe(503);
    const line = JSON.parse(h.lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 30,
      msg: 'request refused',
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      path: '/v1/audit/[redacted]',
    });
    expect(line).not.toHaveProperty('err');
    expect(h.lines[0]).not.toContain(KEY);
  });

  it('logs nothing for a 4xx', () => {
    const h = harness();
    h.catch(new ProblemException(403, 'FORBIDDEN', 'no'));
    expect(h.sent.status).toBe(403);
    expect(h.lines).toEqual([]);
  });
});
