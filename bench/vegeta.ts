import { execFile, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { command, CommandWorkload, MIX, refusalKey } from './commands';
import type { HttpLoadJob, LoadFigures } from './http-load';

/**
 * Paced load at a constant arrival rate (an open model), for the paced runs of the HTTP commands bench: vegeta
 * (github.com/tsenart/vegeta) sends its requests 1/rate seconds apart whatever the answers before them, from as
 * many workers as it needs, and times each from its own sending. Its p50 and p99 are over every answer, refusals
 * included (autocannon's counted 2xx answers only); refusals are tallied beside them. autocannon, which drives the saturation runs and the
 * soak, cannot pace: its overallRate gives each connection a quota per second, sent back to back when the
 * second's timer fires, so "200 req/s" over 50 connections is a burst of 200 requests at the start of every
 * second, and the p99 it reports is the wait of a burst's last requests (contractor registrations on SQLite:
 * p99 115 ms that way, 10.6 ms paced by vegeta, same service, same machine). Its coordinated-omission
 * correction then adds samples every millisecond below each slow answer, as if each connection were meant to
 * send one every millisecond.
 *
 * vegeta is a Go program: built once with the Go toolchain (`go install`, from the module proxy) into
 * .bench/tools/ (git-ignored), as the witness test server is built for the tests.
 */
const MODULE = 'github.com/tsenart/vegeta/v12';
const VERSION = 'v12.13.0';
/** The repository: one folder up from bench/ (a test), two from its build in dist/bench/ (npm run bench). */
const ROOT = [join(__dirname, '..'), join(__dirname, '..', '..')].find((r) => existsSync(join(r, 'package.json')))!;
const TOOLS = join(ROOT, '.bench', 'tools');
const BINARY = join(TOOLS, `vegeta-${VERSION}`, 'vegeta');
/** A cold Go build cache compiles the standard library too. */
const BUILD_TIMEOUT_MS = 300_000;

const run = promisify(execFile);

/** The vegeta binary, built on first use; throws with the reason when it cannot be. */
export async function vegetaBinary(): Promise<string> {
  if (existsSync(BINARY)) return BINARY;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0)
    throw new Error(`the paced HTTP runs need Go (not on PATH) to build vegeta ${VERSION}, their load generator`);
  mkdirSync(TOOLS, { recursive: true });
  // Built aside and moved in whole: a build cut short leaves no binary that looks finished.
  const staging = mkdtempSync(join(TOOLS, 'build-'));
  try {
    await run('go', ['install', `${MODULE}@${VERSION}`], { env: { ...process.env, GOBIN: staging }, timeout: BUILD_TIMEOUT_MS });
    rmSync(dirname(BINARY), { recursive: true, force: true });
    renameSync(staging, dirname(BINARY));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return BINARY;
}

/** vegeta's JSON report: durations in nanoseconds. */
interface Report {
  readonly requests: number;
  readonly duration: number;
  readonly wait: number;
  readonly latencies: { readonly '50th': number; readonly '99th': number; readonly max: number };
}

/** One result as `vegeta encode -to=json` writes it: code 0 when no answer came (body base64). */
interface Hit {
  readonly code: number;
  readonly error: string;
  readonly body?: string;
}

const MAX_OUTPUT = 512 * 1024 * 1024;

/**
 * `workload` at `rate` requests/s for `seconds`, after `warmupSeconds` of the same that are not measured; each
 * request a new command (tags as in http-load.ts: 2·run+1 for the warm-up, 2·run measured). 'mixed' is the soak's
 * mix (commands.ts MIX).
 */
export async function paced(
  job: HttpLoadJob,
  workload: CommandWorkload | 'mixed',
  rate: number,
  seconds: number,
  warmupSeconds: number,
): Promise<LoadFigures> {
  const vegeta = await vegetaBinary();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-vegeta-'));
  const attack = async (tag: number, secs: number): Promise<string> => {
    const file = join(dir, `targets-${tag}.jsonl`);
    const out = join(dir, `results-${tag}.bin`);
    // One target per request (and a second's more): vegeta goes round the list, and a second lap would repeat
    // commands. Written a thousand at a time: the soak's 60,000 would otherwise sit in this process's heap at once.
    const fd = openSync(file, 'w');
    try {
      const count = Math.ceil(rate * (secs + 1));
      for (let from = 0; from < count; from += 1000) {
        const lines: string[] = [];
        for (let i = from; i < Math.min(count, from + 1000); i++) {
          const c = command(job, tag, workload === 'mixed' ? MIX[i % MIX.length] : workload, i);
          const header = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, [v]]));
          lines.push(JSON.stringify({ method: c.method, url: job.url + c.path, header, body: Buffer.from(c.body).toString('base64') }));
        }
        writeSync(fd, lines.join('\n') + '\n');
      }
    } finally {
      closeSync(fd);
    }
    await run(
      vegeta,
      ['attack', '-format=json', `-targets=${file}`, `-rate=${rate}/s`, `-duration=${secs}s`, '-timeout=30s', `-output=${out}`],
      {
        maxBuffer: MAX_OUTPUT,
      },
    );
    return out;
  };
  try {
    if (warmupSeconds > 0) await attack(2 * job.run + 1, warmupSeconds);
    const out = await attack(2 * job.run, seconds);
    const report = JSON.parse((await run(vegeta, ['report', '-type=json', out], { maxBuffer: MAX_OUTPUT })).stdout) as Report;
    const hits = (await run(vegeta, ['encode', '-to=json', out], { maxBuffer: MAX_OUTPUT })).stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Hit);
    const refused: Record<string, number> = {};
    let errors = 0;
    let timeouts = 0;
    for (const h of hits) {
      if (h.code === 0) {
        if (/timeout/i.test(h.error)) timeouts++;
        else errors++;
      } else if (h.code >= 300) {
        const key = refusalKey(h.code, Buffer.from(h.body ?? '', 'base64').toString('utf8'));
        refused[key] = (refused[key] ?? 0) + 1;
      }
    }
    const answeredIn = (report.duration + report.wait) / 1e9;
    return {
      requests: report.requests,
      seconds: answeredIn,
      perSecond: report.requests / answeredIn,
      p50Ms: report.latencies['50th'] / 1e6,
      p99Ms: report.latencies['99th'] / 1e6,
      maxMs: report.latencies.max / 1e6,
      errors,
      timeouts,
      refused,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
