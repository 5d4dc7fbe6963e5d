import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

/** The built service (`node dist/src/main.js`) as a child process on a free port, its whole output kept. */
export interface ServiceProcess {
  readonly port: number;
  readonly url: string;
  /** Everything the service wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then the wait for exit (SIGKILL after 10 s): how long it took and whether it had to be killed. */
  stop(): Promise<{ ms: number; killed: boolean }>;
}

const MAIN = resolve(__dirname, '../../dist/src/main.js');

export async function startService(env: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-service-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: `sqlite://${join(dir, 'ledger.db')}`, LOG_LEVEL: 'warn', ...env },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<{ ms: number; killed: boolean }> => {
    const started = Date.now();
    let killed = false;
    if (running()) {
      child.kill('SIGTERM');
      // Bounded, so that a service that does not stop cannot hang the suite.
      const kill = setTimeout(() => ((killed = true), child.kill('SIGKILL')), 10_000);
      await new Promise((r) => child.once('exit', r));
      clearTimeout(kill);
    }
    rmSync(dir, { recursive: true, force: true });
    return { ms: Date.now() - started, killed };
  };
  for (let i = 0; i < 150; i++) {
    if (!running()) break;
    // Without a keep-alive pool: no connection of the test's own stays open and counts against the limits.
    const up = await new Promise<boolean>((r) =>
      get(`${url}/health`, { agent: false }, (res) => r(res.resume().statusCode === 200)).on('error', () => r(false)),
    );
    if (up) return { port, url, output: () => output, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the service did not start:\n${output}`);
}
