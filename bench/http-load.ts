import autocannon from 'autocannon';
import { request } from 'node:http';
import { usccCheckChar } from '../src/shared/domain/uscc';

/**
 * The load generator of the HTTP command benchmarks and the soak, run as a child process (like
 * credit-load.ts) so that the clients' work does not queue on the service's event loop. It receives
 * one job by IPC, drives it with autocannon (coordinated omission corrected when paced) and sends
 * back autocannon's figures and a tally of every non-2xx answer by status and problem `code`.
 */
export type Workload = 'contractors' | 'projects' | 'payments' | 'mixed' | 'disclosure';

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

/** USCC org-code characters (GB 32100: no I, O, S, V, Z). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 9 characters: the tag's 2, then i's 7 (31^7 contractors per run). */
function orgCode(tag: number, i: number): string {
  const digits = (n: number, width: number): string => {
    let s = '';
    for (let k = 0; k < width; k++, n = Math.floor(n / ALPHABET.length)) s = ALPHABET[n % ALPHABET.length] + s;
    return s;
  };
  return digits(tag, 2) + digits(i, 7);
}

const json = (method: string, path: string, key: string, body: unknown) => ({
  method,
  path,
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The i-th command of a workload: each one valid, each one new (never an idempotent replay). */
function command(job: HttpLoadJob, tag: number, kind: Exclude<Workload, 'mixed' | 'disclosure'>, i: number) {
  switch (kind) {
    case 'contractors': {
      const first17 = `52220100${orgCode(tag, i)}`;
      return json('POST', '/v1/contractors', job.keys.purchaser, {
        uscc: first17 + usccCheckChar(first17)!,
        name: `长春市第${i}社会工作服务中心`,
        kind: 'social_organization',
        region: '220102',
      });
    }
    case 'projects': {
      const { region, fiscalYear } = job.budgets[i % job.budgets.length];
      return json('POST', '/v1/projects', job.keys.purchaser, {
        projectId: `r${tag}-p${i}`,
        region,
        fiscalYear,
        registeredOn: `${fiscalYear}-01-15`,
        purchaser: { code: `${region}000000`, name: '长春市民政局' },
        title: '困难群众照料护理服务',
        category: 'service.care',
        budget: 10_000,
      });
    }
    case 'payments':
      return json('POST', `/v1/contracts/${job.contracts[i % job.contracts.length]}/payments`, job.keys.purchaser, {
        paymentId: `r${tag}-pay${i}`,
        amount: 100,
        paidAt: '2024-05-15',
        purpose: 'service_fee',
      });
  }
}

/** Mixed (soak): of every 10 commands, 4 contractor registrations, 2 project registrations, 4 payments. */
const MIX = [
  'contractors',
  'payments',
  'projects',
  'contractors',
  'payments',
  'contractors',
  'payments',
  'projects',
  'contractors',
  'payments',
] as const;

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
          let code = '';
          try {
            const parsed = JSON.parse(body) as { code?: unknown };
            code = typeof parsed.code === 'string' ? parsed.code : '';
          } catch {
            code = body.slice(0, 60);
          }
          refused[`${status} ${code}`] = (refused[`${status} ${code}`] ?? 0) + 1;
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
