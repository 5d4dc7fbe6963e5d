import { expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/config';
import { startTestApp, TestApp } from '../../support/app';

/**
 * Issue 12: no Docker engine runs on the project's machines, so the container files are checked by
 * parsing them, and the healthcheck command is run as the image would run it.
 */
const ROOT = join(__dirname, '..', '..', '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<
    string,
    {
      environment?: Record<string, string>;
      ports?: string[];
      healthcheck?: { test: string[] };
      depends_on?: Record<string, { condition: string }>;
      build?: string;
      profiles?: string[];
    }
  >;
};

/** The runtime stage of the Dockerfile: its ENV settings, EXPOSE, USER and HEALTHCHECK command. */
function runtimeStage(): { env: Record<string, string>; expose: string[]; user?: string; healthcheck?: string[] } {
  const stages = dockerfile.replace(/\\\n\s*/g, ' ').split(/^FROM /m);
  const last = stages[stages.length - 1];
  const env: Record<string, string> = {};
  for (const m of last.matchAll(/^ENV (\w+)=(\S+)$/gm)) env[m[1]] = m[2];
  const hc = /^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(last);
  return {
    env,
    expose: [...last.matchAll(/^EXPOSE (\d+)$/gm)].map((m) => m[1]),
    user: /^USER (\S+)$/m.exec(last)?.[1],
    ...(hc ? { healthcheck: JSON.parse(hc[1]) as string[] } : {}),
  };
}

describe('container image and compose file', () => {
  const stage = runtimeStage();

  it('the image listens on every interface, on the port it exposes, as an unprivileged user, with a valid configuration', () => {
    expect(stage.env).toMatchObject({ HOST: '0.0.0.0', PORT: '3000', LEDGER_DATA_DIR: '/data' });
    expect(stage.expose).toEqual([stage.env.PORT]);
    expect(stage.user).toBe('node');
    expect(loadConfig(stage.env)).toMatchObject({ host: '0.0.0.0', port: 3000 });
  });

  it('.dockerignore keeps the signing key, dependencies, history and bench output out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['data/', 'node_modules/', '.git/', '.bench/']));
  });

  it('compose runs the ledger on PostgreSQL once PostgreSQL is healthy, publishes its port and checks its health', () => {
    const { ledger, postgres } = compose.services;
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(ledger.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(ledger.ports).toEqual(['3000:3000']);
    expect(ledger.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/health');
    const env = {
      ...ledger.environment,
      LEDGER_API_KEYS: '[]',
      LEDGER_SIGNING_KEY: '',
      LEDGER_ORIGIN: 'localhost/social-assistance-ledger',
      READ_MODEL_URL: '',
    };
    expect(env).toMatchObject({
      HOST: '0.0.0.0',
      PORT: '3000',
      DATABASE_URL: expect.stringMatching(/^postgres:\/\/\w+:\w+@postgres:5432\/\w+$/),
      LEDGER_DATA_DIR: '/data',
    });
    // What compose passes is a configuration the service accepts.
    expect(loadConfig(env)).toMatchObject({ host: '0.0.0.0', port: 3000, database: { kind: 'postgres' } });
  });

  it('compose offers MongoDB for the read models under the mongo profile, and passes READ_MODEL_URL through', () => {
    const { ledger, mongo } = compose.services;
    expect(mongo.profiles).toEqual(['mongo']);
    expect(mongo.healthcheck?.test.join(' ')).toContain('ping');
    expect(ledger.environment?.READ_MODEL_URL).toBe('${READ_MODEL_URL:-}');
    // The URL the file's header suggests is one the service accepts, naming a service of the file.
    const header = /READ_MODEL_URL=(\S+)/.exec(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'))![1];
    expect(new URL(header).hostname).toBe('mongo');
    expect(loadConfig({ READ_MODEL_URL: header }).readModels).toEqual({ kind: 'mongodb', url: header, database: 'ledger_read_models' });
    // Without the profile nothing changes: unset, the read models stay beside the ledger.
    expect(loadConfig({ READ_MODEL_URL: '' }).readModels).toBeUndefined();
  });

  describe('the HEALTHCHECK command, run as the image runs it', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      t = await startTestApp('sqlite');
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
    });
    afterAll(async () => t.close());

    // Asynchronously: the service answering it runs in this process.
    const run = (env: Record<string, string>): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const [cmd, ...args] = stage.healthcheck!;
        const child = spawn(cmd === 'node' ? process.execPath : cmd, args, {
          env: { ...process.env, ...env },
          timeout: 10_000,
          stdio: 'ignore',
        });
        child.on('error', reject);
        child.on('exit', resolve);
      });

    it('succeeds against a healthy service and fails when nothing answers', async () => {
      expect(stage.healthcheck?.[0]).toBe('node');
      expect(await run({ PORT: String(port) })).toBe(0);
      expect(await run({ PORT: '1' })).toBe(1);
    });
  });
});
