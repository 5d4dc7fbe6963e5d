import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { embeddedNativeDir, startEmbeddedPostgres } from '../../support/embedded-postgres';

/**
 * Issue 12: as root, a checkout in a folder of mode 700 (a clone under /root) could not start the
 * embedded PostgreSQL (initdb, run as the unprivileged user, could not reach its binaries) and the
 * whole test run crashed. Here the binaries sit in such a folder; the server must start, and leave
 * nothing behind when it stops or fails.
 */
describe('embedded PostgreSQL', () => {
  let closed: string;
  beforeAll(() => {
    closed = mkdtempSync(join(tmpdir(), 'ledger-closed-'));
    chmodSync(closed, 0o700);
    cpSync(embeddedNativeDir(), join(closed, 'native'), { recursive: true, verbatimSymlinks: true });
  });
  afterAll(() => rmSync(closed, { recursive: true, force: true }));

  it(`starts from binaries inside a mode-700 folder${userInfo().uid === 0 ? ' (as root: run as the unprivileged postgres user)' : ''}, UTF-8, and removes its folder on stop`, async () => {
    const server = await startEmbeddedPostgres({ nativeDir: join(closed, 'native') });
    const work = dirname(server.dataDir);
    try {
      const client = new Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ server_encoding: string; who: string }>(
        "SELECT current_setting('server_encoding') AS server_encoding, current_user AS who",
      );
      await client.end();
      expect(rows[0]).toEqual({ server_encoding: 'UTF8', who: 'postgres' });
      // No password file is left beside the data once initdb has read it.
      expect(readdirSync(work).filter((f) => f !== 'data' && f !== 'native')).toEqual([]);
    } finally {
      await server.stop();
    }
    expect(existsSync(work)).toBe(false);
  }, 120_000);

  it('fails with the reason, not an unhandled error, and removes what it made', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('ledger-pg-')));
    await expect(startEmbeddedPostgres({ nativeDir: join(closed, 'no-such-build') })).rejects.toThrow(/no-such-build/);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('ledger-pg-') && !before.has(f))).toEqual([]);
  });
});
