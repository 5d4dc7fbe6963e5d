import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A MongoDB wire-protocol server for the MongoDB read-model suites: FerretDB 1.24 (Apache-2.0) embedded in
 * the Go program of test/servers/ferretdb/ with its SQLite backend, built once per source change into
 * test/.cache/ferretdb/ (git-ignored) and run as a child process. MONGODB_URL (a real MongoDB, any
 * database in its path is ignored) replaces it when given.
 */
/** The repository: two folders up from test/support/, three from its build in dist/test/support/ (the bench). */
const ROOT = [join(__dirname, '..', '..'), join(__dirname, '..', '..', '..')].find((r) =>
  existsSync(join(r, 'test', 'servers', 'ferretdb', 'go.mod')),
)!;
const SOURCE = join(ROOT, 'test', 'servers', 'ferretdb');
const CACHE = join(ROOT, 'test', '.cache', 'ferretdb');
/** A clean clone's first build downloads FerretDB and its modules and compiles SQLite's Go port: minutes. */
export const BUILD_TIMEOUT_MS = 600_000;
export const START_TIMEOUT_MS = 30_000;

const run = promisify(execFile);

/** Why no MongoDB-compatible server can run here, or undefined. */
export function mongoUnavailable(): string | undefined {
  if (process.env.MONGODB_URL) return undefined;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0)
    return 'no Go toolchain (`go` is not on PATH; the FerretDB test server is built with Go) and no MONGODB_URL';
  return undefined;
}

/** The build's cache key: every file the binary is made of, and the toolchain. */
function sourceHash(): string {
  const h = createHash('sha256');
  h.update(spawnSync('go', ['version'], { encoding: 'utf8' }).stdout ?? '');
  for (const f of readdirSync(SOURCE)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || (f.endsWith('.go') && !f.endsWith('_test.go')))
    .sort())
    h.update(`${f}\0`)
      .update(readFileSync(join(SOURCE, f)))
      .update('\0');
  return h.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/** The path of the FerretDB binary, built on first use (once per source change; jest workers share it). */
export function ferretDbBinary(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const dir = join(CACHE, sourceHash());
  const binary = join(dir, 'ferretdb');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  // Workers may build at once: each writes its own file and renames it into place.
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await run('go', ['build', '-buildvcs=false', '-o', partial, '.'], { cwd: SOURCE, timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 << 20 });
  } catch (error) {
    rmSync(partial, { force: true });
    built = undefined;
    const { stderr, killed } = error as { stderr?: string; killed?: boolean };
    throw new Error(
      `could not build the FerretDB test server (cd ${SOURCE} && go build): ${killed ? `timed out after ${BUILD_TIMEOUT_MS / 1000} s` : String(stderr || error)}\n` +
        'A clean clone downloads github.com/FerretDB/FerretDB and its modules from the Go module proxy (GOPROXY): check that it is reachable.',
    );
  }
  renameSync(partial, binary);
  for (const old of readdirSync(CACHE)) if (join(CACHE, old) !== dir) rmSync(join(CACHE, old), { recursive: true, force: true });
  return binary;
}

interface Running {
  readonly child: ChildProcess;
  readonly dir: string;
  readonly url: string;
  stderr(): string;
}

let server: Promise<Running> | undefined;

/** Never leave a server behind, even when jest exits without afterAll. */
let exitHook = false;

async function start(): Promise<Running> {
  const binary = await ferretDbBinary();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-ferretdb-'));
  const child = spawn(binary, ['-listen', '127.0.0.1:0', '-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => void server?.then((s) => s.child.kill('SIGKILL')));
  }
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-20_000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`FerretDB ${why}; stderr: ${log}`));
    };
    const timer = setTimeout(() => fail(`did not print "listening mongodb://…" within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.once('exit', (code) => fail(`exited with ${code} before listening`));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /^listening (mongodb:\/\/\S+)\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(m[1]);
    });
  });
  return { child, dir, url, stderr: () => log };
}

/** mongodb://host:port/ of MONGODB_URL, or of this worker's FerretDB (started on first use). */
export async function mongoServerUrl(): Promise<string> {
  const given = process.env.MONGODB_URL;
  if (given) {
    const url = new URL(given);
    url.pathname = '/';
    return url.toString();
  }
  server ??= start().catch((error: unknown) => {
    server = undefined;
    throw error;
  });
  return (await server).url;
}

let counter = 0;

/** A READ_MODEL_URL naming a fresh database on the test server, so suites never see each other's read models. */
export async function testReadModelUrl(prefix = 'rm'): Promise<string> {
  const url = new URL(await mongoServerUrl());
  url.pathname = `/${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return url.toString();
}

/** What FerretDB wrote to stderr, for a failing test's message. */
export async function ferretDbLog(): Promise<string> {
  return server ? (await server).stderr() : '';
}

export async function stopFerretDb(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running) return;
  const s = await running.catch(() => undefined);
  if (!s) return;
  if (s.child.exitCode === null && s.child.signalCode === null)
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => s.child.kill('SIGKILL'), 5000);
      s.child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      s.child.kill('SIGTERM');
    });
  rmSync(s.dir, { recursive: true, force: true });
}
