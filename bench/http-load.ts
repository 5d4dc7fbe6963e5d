import autocannon from 'autocannon';
import { request } from 'node:http';
import { command, MIX, refusalKey, Workload } from './commands';

/**
 * The load generator of the HTTP command benchmarks and the soak, run as a child process (like
 * credit-load.ts) so that the clients' work does not queue on the service's event loop. It receives
 * one job by IPC, drives it with autocannon (coordinated omission corrected when paced) and sends
 * back autocannon's figures and a tally of every non-2xx answer by status and problem `code`.
 */
export type { Workload };

export interface HttpLoadJob {
  readonly url: string;
  readonly keys: { readonly admin: string; readonly purchaser: string; readonly creditPlatform: string };
  readonly workload: Workload;
  /** Distinguishes this run's ids (USCCs, project and payment ids) from every other run's on the same database (< 480). */
  readonly run: number;
  /** Region-years the project registrations go to (round robin); each has a fund. */
  readonly budgets: readonly { readonly region: string; readonly fiscalYear: number }[];
  /** Signed and announced contracts the payments go to (round robin). */
  readonly contracts: readonly string[];
  /** Requests per second over all connections; undefined: as fast as the service answers (saturation). */
  readonly rate?: number;
  readonly connections: number;
  readonly seconds: number;
  /** Run first and not measured (connections opened, code paths warmed), with its own ids. */
  readonly warmupSeconds: number;
  /** Soak only: concurrent GET /v1/credit/feed SSE consumers, and disclosure reads per second beside the commands. */
  readonly sseConsumers?: number;
  readonly disclosureRate?: number;
}

export interface LoadFigures {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  readonly timeouts: number;
  /** "409 CONCURRENCY_CONFLICT" → count. */
  readonly refused: Record<string, number>;
}

export interface HttpLoadResult {
  readonly commands: LoadFigures;
  readonly disclosure?: LoadFigures;
  /** Soak: events each SSE consumer received, and whether its stream was still open at the end. */
  readonly sse?: { readonly events: number[]; readonly open: number };
  readonly failure?: string;
}

function generator(job: HttpLoadJob, tag: number, workload: Workload) {
  let i = 0;
  return (req: autocannon.Request): autocannon.Request => {
    const n = i++;
    if (workload === 'disclosure') {
      const path =
        n % 2 === 0
          ? '/v1/disclosure/projects?pageSize=20'
          : `/v1/disclosure/budgets/${job.budgets[0].region}/${job.budgets[0].fiscalYear}`;
      return { ...req, method: 'GET', path, headers: {}, body: undefined };
    }
    const kind = workload === 'mixed' ? MIX[n % MIX.length] : workload;
    return { ...req, ...command(job, tag, kind, n) } as autocannon.Request;
  };
}

async function drive(job: HttpLoadJob, tag: number, workload: Workload, seconds: number, rate: number | undefined, connections: number) {
  const refused: Record<string, number> = {};
  const result = await autocannon({
    url: job.url,
    connections,
    duration: seconds,
    ...(rate !== undefined ? { overallRate: rate } : {}),
    timeout: 30,
    requests: [
      {
        setupRequest: generator(job, tag, workload),
        onResponse: (status: number, body: string) => {
          if (status < 300) return;
          const key = refusalKey(status, body);
          refused[key] = (refused[key] ?? 0) + 1;
        },
      },
    ],
  });
  const figures: LoadFigures = {
    requests: result.requests.total,
    seconds: result.duration,
    perSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    refused,
  };
  return figures;
}

/** One live SSE consumer of the credit feed: counts the events (`id:` lines) it receives until `until`. */
function consume(job: HttpLoadJob, until: number): Promise<{ events: number; open: boolean }> {
  return new Promise((resolve) => {
    let events = 0;
    let open = false;
    const req = request(
      new URL('/v1/credit/feed', job.url),
      { headers: { authorization: `Bearer ${job.keys.creditPlatform}`, accept: 'text/event-stream' } },
      (res) => {
        open = res.statusCode === 200;
        res.setEncoding('utf8');
        let tail = '';
        res.on('data', (chunk: string) => {
          const lines = (tail + chunk).split('\n');
          tail = lines.pop() ?? '';
          for (const line of lines) if (line.startsWith('id:')) events++;
        });
        res.on('end', () => (open = false));
        res.on('error', () => (open = false));
      },
    );
    req.on('error', () => (open = false));
    req.end();
    setTimeout(() => {
      req.destroy();
      resolve({ events, open });
    }, until - Date.now());
  });
}

async function run(job: HttpLoadJob): Promise<HttpLoadResult> {
  if (job.warmupSeconds > 0) await drive(job, 2 * job.run + 1, job.workload, job.warmupSeconds, job.rate, job.connections);
  const until = Date.now() + job.seconds * 1000;
  const sse = Array.from({ length: job.sseConsumers ?? 0 }, () => consume(job, until));
  const reads =
    job.disclosureRate !== undefined
      ? drive(job, 2 * job.run, 'disclosure', job.seconds, job.disclosureRate, Math.max(2, Math.ceil(job.disclosureRate / 10)))
      : undefined;
  const commands = await drive(job, 2 * job.run, job.workload, job.seconds, job.rate, job.connections);
  const consumers = await Promise.all(sse);
  return {
    commands,
    ...(reads ? { disclosure: await reads } : {}),
    ...(consumers.length > 0 ? { sse: { events: consumers.map((c) => c.events), open: consumers.filter((c) => c.open).length } } : {}),
  };
}

process.once('message', (job: HttpLoadJob) => {
  run(job).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => process.send!({ failure: String(error) }, () => process.exit(1)),
  );
});
