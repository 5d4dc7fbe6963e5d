import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EventStore } from '../src/ledger/event-store.port';
import { EVENT_STORE } from '../src/shared/di-tokens';
import { BENCH_KEYS, fundRegions, load, prepareContracts, refusals, startService } from './http.bench';
import type { HttpLoadJob, HttpLoadResult, LoadFigures } from './http-load';
import { paced } from './vegeta';

/**
 * The soak (issue 18): mixed commands at 100 req/s, SSE consumers of the credit feed and disclosure reads
 * against the real service for BENCH_SOAK_SECONDS (default 600): the commands at a constant rate from vegeta,
 * the reads from a child process (http-load.ts). The service runs in this process, so process.memoryUsage()
 * is the server's (the bench itself only samples).
 *
 * Unbounded growth: least-squares slopes of RSS and used heap over the last 5 minutes (the second half of a
 * shorter soak). Each sample follows a full collection, so the used heap is what is live, not where in the
 * collector's saw-tooth (100 MiB and more) the sample fell; one full collection every 5 s costs the service a few
 * percent of its time. A bounded process levels off once warm: its slope is GC and allocator noise around zero. The
 * limits, 2 MiB/min of used heap and 4 MiB/min of RSS, are 120 and 240 MiB an hour: about 350 bytes of heap kept
 * per request at 100 req/s, far below what one leaked request (its body, parsed DTO and response: kilobytes)
 * would keep, and far above the noise a levelled-off curve shows.
 */
export const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const SAMPLE_SECONDS = 5;
const RATE = 100;
const DISCLOSURE_RATE = 10;
const REPORT_SECONDS = 30;
const HEAP_LIMIT_MIB_PER_MIN = 2;
const RSS_LIMIT_MIB_PER_MIN = 4;
const REGIONS = ['220102', '220103', '220104', '220105', '220106'].map((region) => ({ region, fiscalYear: 2024 }));

interface Sample {
  readonly t: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  readonly head: number;
  readonly lag: number;
  readonly checkpoints: number;
  readonly checkpointSize: number;
}

export interface SoakReport {
  readonly samples: Sample[];
  readonly slopes: { readonly rssMiBPerMin: number; readonly heapMiBPerMin: number; readonly fromSecond: number };
  readonly load: HttpLoadResult;
  readonly failures: string[];
}

/** A full collection on demand, without starting node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const mib = (bytes: number): number => bytes / 1024 / 1024;

/** Least-squares slope of y over t (seconds), per minute. */
function slopePerMinute(points: readonly { t: number; y: number }[]): number {
  const n = points.length;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

/** The largest projection_lag of /metrics (entries some projection has not applied yet). */
async function projectionLag(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  let lag = 0;
  for (const m of text.matchAll(/^projection_lag\{[^}]*\} (\d+)/gm)) lag = Math.max(lag, Number(m[1]));
  return lag;
}

/** Checkpoints issued after `after` (a tree size), through GET /v1/ledger/checkpoints pages: their number and the newest size. */
async function checkpointsAfter(url: string, after: number): Promise<{ count: number; newest: number }> {
  let count = 0;
  let cursor = after;
  for (;;) {
    const page = (await (await fetch(new URL(`/v1/ledger/checkpoints?after=${cursor}&limit=1000`, url))).json()) as {
      items: string[];
      nextCursor: string;
    };
    count += page.items.length;
    if (page.items.length === 0) return { count, newest: cursor };
    cursor = Number(page.nextCursor);
  }
}

export async function soak(databaseUrl: string): Promise<SoakReport> {
  const service = await startService(databaseUrl);
  const store = service.app.get<EventStore>(EVENT_STORE);
  try {
    await fundRegions(service.url, REGIONS);
    const contracts = await prepareContracts(service.url, 100, 'soak');
    const samples: Sample[] = [];
    const started = Date.now();
    let lastSize = (await checkpointsAfter(service.url, 0)).newest;
    let window = 0;
    let reported = 0;
    console.log('  t (s)   RSS MiB  live heap MiB  ledger size  checkpoints/30 s  newest checkpoint  projection lag (max)');
    const sample = async (): Promise<void> => {
      collectGarbage();
      const { rss, heapUsed } = process.memoryUsage();
      const issued = await checkpointsAfter(service.url, lastSize);
      lastSize = issued.newest;
      window += issued.count;
      const s: Sample = {
        t: (Date.now() - started) / 1000,
        rssMiB: mib(rss),
        heapMiB: mib(heapUsed),
        head: await store.head(),
        lag: await projectionLag(service.url),
        checkpoints: issued.count,
        checkpointSize: issued.newest,
      };
      samples.push(s);
      if (s.t >= reported + REPORT_SECONDS) {
        reported = Math.floor(s.t / REPORT_SECONDS) * REPORT_SECONDS;
        console.log(
          `${s.t.toFixed(0).padStart(7)} ${s.rssMiB.toFixed(1).padStart(9)} ${s.heapMiB.toFixed(1).padStart(14)} ${String(s.head).padStart(12)} ` +
            `${String(window).padStart(17)} ${String(s.checkpointSize).padStart(18)} ${String(s.lag).padStart(21)}`,
        );
        window = 0;
      }
    };
    // One sample at a time: a tick that finds the last one still running (a busy event loop) is skipped, not queued.
    let sampling: Promise<void> | undefined;
    const timer = setInterval(() => {
      sampling ??= sample()
        .catch((error: unknown) => console.error('  sample failed:', error))
        .finally(() => (sampling = undefined));
    }, SAMPLE_SECONDS * 1000);
    // Sampling ends with the load (the last tick at SOAK_SECONDS), before the figures are read: reading vegeta's
    // 60,000 results happens in this process, after its attack (which starts once its targets are written), and
    // that heap must not show in the samples.
    const stop = setTimeout(() => clearInterval(timer), SOAK_SECONDS * 1000 + 500);
    const job: HttpLoadJob = {
      url: service.url,
      keys: BENCH_KEYS,
      workload: 'disclosure',
      run: 0,
      budgets: REGIONS,
      contracts,
      rate: DISCLOSURE_RATE,
      connections: 2,
      seconds: SOAK_SECONDS,
      warmupSeconds: 0,
      sseConsumers: 4,
    };
    // Commands at a constant rate from vegeta (bench/vegeta.ts); the child process reads: disclosure pages and SSE streams.
    const [commands, reads] = await Promise.all([paced(job, 'mixed', RATE, SOAK_SECONDS, 0), load(job)]).finally(() => {
      clearTimeout(stop);
      clearInterval(timer);
    });
    await sampling;
    return judge(samples, { commands, disclosure: reads.commands, ...(reads.sse ? { sse: reads.sse } : {}) });
  } finally {
    await service.close();
  }
}

function judge(samples: Sample[], result: HttpLoadResult): SoakReport {
  const end = samples[samples.length - 1]?.t ?? 0;
  const fromSecond = end >= 600 ? end - 300 : end / 2;
  const tail = samples.filter((s) => s.t >= fromSecond);
  const slopes = {
    rssMiBPerMin: slopePerMinute(tail.map((s) => ({ t: s.t, y: s.rssMiB }))),
    heapMiBPerMin: slopePerMinute(tail.map((s) => ({ t: s.t, y: s.heapMiB }))),
    fromSecond,
  };
  const failures: string[] = [];
  if (slopes.heapMiBPerMin > HEAP_LIMIT_MIB_PER_MIN)
    failures.push(`used heap grows ${slopes.heapMiBPerMin.toFixed(2)} MiB/min over the fit (limit ${HEAP_LIMIT_MIB_PER_MIN})`);
  if (slopes.rssMiBPerMin > RSS_LIMIT_MIB_PER_MIN)
    failures.push(`RSS grows ${slopes.rssMiBPerMin.toFixed(2)} MiB/min over the fit (limit ${RSS_LIMIT_MIB_PER_MIN})`);
  // The memory curve means something only under the load the soak promises.
  if (result.commands.perSecond < 0.9 * RATE)
    failures.push(`the service answered ${result.commands.perSecond.toFixed(1)} commands/s of the ${RATE} offered`);
  const failed = refusals(result.commands);
  if (failed > 0) failures.push(`${failed} commands failed: ${JSON.stringify(result.commands.refused)}`);
  if (result.sse && result.sse.open < result.sse.events.length)
    failures.push(`${result.sse.events.length - result.sse.open} SSE consumers lost their stream`);
  return { samples, slopes, load: result, failures };
}

const row = (name: string, f: LoadFigures): string =>
  `  ${name.padEnd(30)} ${String(f.requests).padStart(7)} in ${f.seconds.toFixed(0)} s  ${f.perSecond.toFixed(1).padStart(6)}/s  p50 ${f.p50Ms.toFixed(1)} ms  p99 ${f.p99Ms.toFixed(1)} ms  max ${f.maxMs.toFixed(1)} ms`;

export function printSoak(r: SoakReport): void {
  console.log(row(`mixed commands @${RATE}/s paced`, r.load.commands));
  if (r.load.disclosure) console.log(row(`disclosure reads @${DISCLOSURE_RATE}/s`, r.load.disclosure));
  if (r.load.sse) console.log(`  SSE consumers: events received ${r.load.sse.events.join(', ')}; ${r.load.sse.open} still open at the end`);
  console.log(
    `  fit from ${r.slopes.fromSecond.toFixed(0)} s: RSS ${r.slopes.rssMiBPerMin.toFixed(2)} MiB/min (limit ${RSS_LIMIT_MIB_PER_MIN}), ` +
      `used heap ${r.slopes.heapMiBPerMin.toFixed(2)} MiB/min (limit ${HEAP_LIMIT_MIB_PER_MIN})`,
  );
  console.log(r.failures.length === 0 ? '  soak: bounded, no failure' : `  SOAK FAILED: ${r.failures.join('; ')}`);
}
