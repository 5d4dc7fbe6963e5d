import { Agent, request } from 'node:http';

/**
 * The load generator of the credit-lookup benchmark, run as a child process so that the clients'
 * own work (HTTP parsing, timers) does not queue on the service's event loop and inflate its
 * latencies. It receives one job by IPC, runs it, and sends back every request's latency in ms.
 */
export interface CreditLoadJob {
  readonly url: string;
  readonly key: string;
  /** Request i asks for paths[i % paths.length]. */
  readonly paths: readonly string[];
  readonly requests: number;
  readonly clients: number;
  /** Requests sent first and not measured (connections opened, code paths warmed). */
  readonly warmup: number;
}

export interface CreditLoadResult {
  readonly latencies: number[];
  readonly seconds: number;
  readonly failures: string[];
}

function get(agent: Agent, url: URL, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { Authorization: `Bearer ${key}` } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(job: CreditLoadJob, requests: number, measure: boolean): Promise<CreditLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.clients });
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: job.clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= requests) return;
        const url = new URL(job.paths[i % job.paths.length], job.url);
        const t0 = process.hrtime.bigint();
        const status = await get(agent, url, job.key);
        if (status !== 200) failures.push(`${url.pathname} answered ${status}`);
        if (measure) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { latencies, seconds, failures };
}

process.once('message', (job: CreditLoadJob) => {
  void (async () => {
    await run(job, job.warmup, false);
    const result = await run(job, job.requests, true);
    process.send!(result, () => process.exit(0));
  })().catch((error: unknown) => {
    process.send!({ latencies: [], seconds: 0, failures: [String(error)] }, () => process.exit(1));
  });
});
