import { expect } from '@jest/globals';
import { bodyOf } from '../support/bodies';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { generateSigningKey, verifierKeyOf } from '../../src/ledger/tree/signed-note';
import { startTestApp, TestApp } from '../support/app';
import { registeredProject } from '../support/lifecycle';

/** Issue 12: `ledger check-proof` reads the service's own proof bundles, checks the signature, and says why it fails. */
describe('check-proof on the bundle of GET /v1/ledger/entries/:position/proof [sqlite]', () => {
  let t: TestApp;
  let dir: string;
  let bundle: Record<string, unknown>;
  let key: string;
  let url: string;
  const out: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await registeredProject(t);
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // Entry 3 is the ProjectRegistered: public.
    bundle = bodyOf<Record<string, unknown>>(await t.http.get('/v1/ledger/entries/3/proof').expect(200));
    key = (await t.http.get('/v1/ledger/key').expect(200)).text;
    dir = mkdtempSync(join(tmpdir(), 'ledger-bundle-'));
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  });
  afterAll(async () => {
    write.mockRestore();
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function check(doc: unknown, ...options: string[]): Promise<{ code: number; said: string }> {
    const file = join(dir, `b-${out.length}.json`);
    writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
    out.length = 0;
    const code = await main(['check-proof', file, ...options]);
    return { code, said: out.join('') };
  }
  /** The bundle as the tests tamper with it: any field may be given a value of the wrong type. */
  interface Tampered {
    entry: { data: Record<string, unknown>; leafHash?: unknown };
    proof: { leafHash: unknown; auditPath: unknown };
    checkpoint: unknown;
  }
  const edit = (f: (b: Tampered) => void): Record<string, unknown> => {
    const copy = structuredClone(bundle) as unknown as Tampered;
    f(copy);
    return copy as unknown as Record<string, unknown>;
  };

  it('is valid with the published key, given or fetched from --url, and says what was checked', async () => {
    expect(await check(bundle, '--verifier-key', key)).toEqual({
      code: 0,
      said: expect.stringMatching(
        /^valid: entry 3 \(ProjectRegistered\) is in the ledger of \d+ entries signed by localhost\/social-assistance-ledger/,
      ),
    });
    expect((await check(bundle, '--url', url)).code).toBe(0);
  });

  it('is invalid (exit 1) for an altered entry, a forged signature, another key, or a wrong audit path, naming why', async () => {
    expect(
      await check(
        edit((b) => (b.entry.data.title = '改过的标题')),
        '--verifier-key',
        key,
      ),
    ).toEqual({ code: 1, said: expect.stringContaining('is not the hash of the entry') });
    expect(
      await check(
        edit((b) => {
          b.entry.data.title = '改过的标题';
          delete b.entry.leafHash;
        }),
        '--verifier-key',
        key,
      ),
    ).toEqual({ code: 1, said: expect.stringContaining('the entry was altered') });
    const forged = edit((b) => (b.checkpoint = (b.checkpoint as string).replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`)));
    expect(await check(forged, '--verifier-key', key)).toEqual({ code: 1, said: expect.stringContaining('bad signature') });
    const other = verifierKeyOf(generateSigningKey('localhost/social-assistance-ledger')).text;
    expect(await check(bundle, '--verifier-key', other)).toEqual({ code: 1, said: expect.stringContaining('bad signature') });
    if ((bundle.proof as { auditPath: string[] }).auditPath.length > 0) {
      const wrongPath = edit((b) => ((b.proof.auditPath as string[])[0] = Buffer.alloc(32, 7).toString('base64')));
      expect(await check(wrongPath, '--verifier-key', key)).toEqual({ code: 1, said: expect.stringContaining('root mismatch') });
    }
  });

  it('is unusable (exit 2) without a key, unreadable, not JSON, or with a malformed field, naming which', async () => {
    expect(await check(bundle)).toEqual({ code: 2, said: expect.stringContaining('give --verifier-key KEY or --url') });
    expect(await check(bundle, '--verifier-key', 'not-a-key')).toEqual({ code: 2, said: expect.stringContaining('--verifier-key:') });
    expect(await check('{"entry": ', '--verifier-key', key)).toEqual({ code: 2, said: expect.stringContaining('is not JSON') });
    expect(
      await check(
        edit((b) => (b.proof.leafHash = 'not base64!')),
        '--verifier-key',
        key,
      ),
    ).toEqual({ code: 2, said: expect.stringContaining('proof.leafHash') });
    expect(
      await check(
        edit((b) => (b.proof.auditPath = 'x')),
        '--verifier-key',
        key,
      ),
    ).toEqual({ code: 2, said: expect.stringContaining('proof.auditPath') });
    expect(
      await check(
        edit((b) => (b.checkpoint = 42)),
        '--verifier-key',
        key,
      ),
    ).toEqual({ code: 2, said: expect.stringContaining('checkpoint:') });
    out.length = 0;
    expect(await main(['check-proof', join(dir, 'no-such-file.json'), '--verifier-key', key])).toBe(2);
    expect(out.join('')).toContain('cannot read');
  });

  it('--help prints the usage and exits 0', async () => {
    out.length = 0;
    expect(await main(['--help'])).toBe(0);
    expect(out.join('')).toContain('check-proof FILE [--verifier-key KEY | --url http://host:port] [--policy POLICY]');
  });
});
