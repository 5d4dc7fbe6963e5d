import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../support/free-port';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Issue 12: the README's walk-through, run as a reader would run it. The shell blocks between
 * `<!-- walkthrough -->` and `<!-- /walkthrough -->` are taken from README.md itself and run in bash
 * against a fresh service (the README's own `npm start`, on a temporary database and a free port);
 * every `# → HTTP <status>` comment in them is an expectation, in order.
 */
const ROOT = resolve(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function walkthrough(): string {
  const section = /<!-- walkthrough -->([\s\S]*?)<!-- \/walkthrough -->/.exec(README);
  if (!section) throw new Error('README.md has no <!-- walkthrough --> section');
  return [...section[1].matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

describe('the README walk-through', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-readme-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs from funds to a verified proof as written, each command answering what its comment says', async () => {
    const script = walkthrough();
    const expected = [...script.matchAll(/# → HTTP (\d{3})/g)].map((m) => Number(m[1]));
    expect(expected.length).toBeGreaterThanOrEqual(10);
    const port = await freePort();
    // The reader's shell is in the repository; here `npm` is pointed at it so files the reader would
    // write (ledger.log, award-proof.json, award.tlog-proof, ledger.policy) land in a temporary folder instead.
    const prelude = `set -euo pipefail\nnpm() { command npm --prefix ${JSON.stringify(ROOT)} "$@"; }\n`;
    const child = spawn('bash', ['-c', prelude + script], {
      cwd: dir,
      detached: true,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `sqlite://${join(dir, 'ledger.db')}`,
        LEDGER_DATA_DIR: dir,
        LOG_LEVEL: 'warn',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    let code: number | null;
    try {
      code = await new Promise<number | null>((res) => child.on('exit', res));
    } finally {
      // The service the walk-through started in the background, and everything else it began.
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    const context = `\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
    expect({ code, context }).toEqual({ code: 0, context });
    const statuses = [...stdout.matchAll(/ → HTTP (\d{3})$/gm)].map((m) => Number(m[1]));
    expect({ statuses, context }).toEqual({ statuses: expected, context });
    // The reads show the facts, and the proof and the ledger verify.
    expect(stdout).toContain('南关区困难群众照料护理服务');
    expect(stdout).toContain('"uscc":"52220100MJ00000016"');
    expect(stdout).toMatch(/^valid: entry 6 \(ContractorAwarded\) is in the ledger of \d+ entries signed by /m);
    expect(stdout).toMatch(
      /^valid: entry 6 \(ContractorAwarded\) is in the ledger of \d+ entries .*; the policy asks for no cosignature$/m,
    );
    expect(stdout).toMatch(/^OK: /m);
    // The refusal appended nothing: the auditor's verify saw a ledger of 11 entries at most.
    expect(stdout).toContain('"code":"BUDGET_CAP_EXCEEDED"');
  }, 180_000);
});
