import { ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The c2sp.org/tlog-witness witness of test/servers/witness/, an independent Go implementation (its own
 * language and libraries: golang.org/x/mod's note and tlog packages), built once per source change into
 * test/.cache/witness/ (git-ignored) and run as a child process per witness.
 */
const SOURCE = join(__dirname, '..', 'servers', 'witness');
const CACHE = join(__dirname, '..', '.cache', 'witness');
/** A clean clone's first build downloads golang.org/x/mod from the module proxy. */
const BUILD_TIMEOUT_MS = 180_000;
const START_TIMEOUT_MS = 15_000;

const run = promisify(execFile);

/** Why the witness cannot run here, or undefined when `go` is installed. */
export function witnessUnavailable(): string | undefined {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) return 'no Go toolchain (`go` is not on PATH; the witness test server is written in Go)';
  return undefined;
}

/**
 * `describe` for suites that run the witness: skipped with the reason when Go is not installed, unless
 * REQUIRE_WITNESS=1 (set by .ci/run), where that fails the suite. Stops every witness it started afterwards.
 */
export function describeWitness(name: string, body: () => void): void {
  const reason = witnessUnavailable();
  if (!reason)
    return describe(`${name} [witness]`, () => {
      // A cold Go build cache compiles the standard library: minutes on a busy machine, beyond a test timeout.
      beforeAll(() => witnessBinary(), BUILD_TIMEOUT_MS + 10_000);
      afterAll(stopAllWitnesses);
      body();
    });
  if (process.env.REQUIRE_WITNESS === '1')
    return describe(`${name} [witness]`, () =>
      it('has Go to build the witness with (REQUIRE_WITNESS=1)', () => {
        throw new Error(reason);
      }));
  console.warn(`SKIPPED ${name} [witness]: ${reason}`);
  describe.skip(`${name} [witness] (skipped: ${reason})`, body);
}

/** The build's cache key: every file the binary is made of, and the toolchain. */
function sourceHash(): string {
  const h = createHash('sha256');
  h.update(spawnSync('go', ['version'], { encoding: 'utf8' }).stdout ?? '');
  const files = readdirSync(SOURCE)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || (f.endsWith('.go') && !f.endsWith('_test.go')))
    .sort();
  for (const f of files)
    h.update(`${f}\0`)
      .update(readFileSync(join(SOURCE, f)))
      .update('\0');
  return h.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/** The path of the witness binary, built on first use (once per source change; jest workers share it). */
export function witnessBinary(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const dir = join(CACHE, sourceHash());
  const binary = join(dir, 'witness');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  // Workers may build at once: each writes its own file and renames it into place.
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await run('go', ['build', '-buildvcs=false', '-o', partial, '.'], { cwd: SOURCE, timeout: BUILD_TIMEOUT_MS });
  } catch (error) {
    rmSync(partial, { force: true });
    const { stderr, killed } = error as { stderr?: string; killed?: boolean };
    throw new Error(
      `could not build the witness test server (cd ${SOURCE} && go build): ${killed ? `timed out after ${BUILD_TIMEOUT_MS / 1000} s` : String(stderr || error)}\n` +
        'A clean clone downloads golang.org/x/mod from the Go module proxy (GOPROXY): check that it is reachable.',
    );
  }
  renameSync(partial, binary);
  // Binaries of earlier sources are of no further use.
  for (const old of readdirSync(CACHE)) if (join(CACHE, old) !== dir) rmSync(join(CACHE, old), { recursive: true, force: true });
  return binary;
}

export interface WitnessOptions {
  /** The cosigner name, e.g. witness.example/w1. */
  readonly name: string;
  /** The Ed25519 seed as 64 hex characters; random when absent. */
  readonly seed?: string;
  /** Trusted log verifier keys (C2SP vkey, origin = key name), or "<vkey> <origin>". */
  readonly logKeys: readonly string[];
  /** The witness's JSON state file; a fresh temporary one when absent. */
  readonly stateFile?: string;
}

export interface Witness {
  /** http://127.0.0.1:PORT; the submission and monitoring prefix (the same port after restart()). */
  readonly url: string;
  /** The cosigner verifier key the witness printed: <name>+<hex key id>+base64(0x04 ‖ public key). */
  readonly vkey: string;
  readonly name: string;
  readonly seed: string;
  readonly stateFile: string;
  /** Everything the witness wrote to stderr (its refusals, with the request when the log signed it). */
  stderr(): string;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port with the same key and state file. */
  restart(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Never leave a witness behind, even when jest exits without afterAll. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Temporary folders of the state files startWitness made up, removed with the witnesses. */
const stateDirs = new Set<string>();

export async function stopAllWitnesses(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  stateDirs.clear();
}

function temporaryStateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-witness-'));
  stateDirs.add(dir);
  return join(dir, 'state.json');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startWitness(options: WitnessOptions): Promise<Witness> {
  const binary = await witnessBinary();
  const seed = options.seed ?? randomBytes(32).toString('hex');
  const stateFile = options.stateFile ?? temporaryStateFile();
  const { stdout } = await run(binary, ['-name', options.name, '-seed', seed, '-print-vkey']);
  const vkey = stdout.trim();
  const args = ['-name', options.name, '-seed', seed, '-state', stateFile, ...options.logKeys.flatMap((k) => ['-log', k])];
  let log = '';
  let child: ChildProcess | undefined;
  let url = '';

  const launch = async (listen: string): Promise<void> => {
    installExitHook();
    const proc = spawn(binary, ['-listen', listen, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
    child = proc;
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => fail(`did not print "listening http://…" within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
      const fail = (why: string): void => {
        clearTimeout(timer);
        proc.kill('SIGKILL');
        reject(new Error(`witness ${options.name} ${why}; stderr: ${log}`));
      };
      proc.once('exit', (code) => fail(`exited with ${code} before listening`));
      proc.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /^listening (http:\/\/\S+)\n/.exec(out);
        if (!m) return;
        clearTimeout(timer);
        proc.removeAllListeners('exit');
        resolve(m[1]);
      });
    });
  };

  await launch('127.0.0.1:0');
  return {
    get url() {
      return url;
    },
    vkey,
    name: options.name,
    seed,
    stateFile,
    stderr: () => log,
    stop: () => (child ? stopChild(child) : Promise.resolve()),
    async restart() {
      if (child) await stopChild(child);
      await launch(new URL(url).host);
    },
  };
}
