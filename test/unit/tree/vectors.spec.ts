import { existsSync, readdirSync, statSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { checkProofDocument, exitCodeOf } from '../../../src/ledger/tree/check-proof';
import { checkProofFile } from '../../../src/cli/check-proof';
import { main } from '../../../src/cli/main';

const VECTORS = resolve(__dirname, '../../fixtures/merkle-vectors');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.json') ? [path] : [];
  });
}

describe('public Merkle proof vectors (transparency-dev/merkle testdata)', () => {
  if (!existsSync(VECTORS)) throw new Error(`vectors not found at ${VECTORS}: the vendored fixtures (test/fixtures/README.md) are missing`);
  const all = files(VECTORS);

  it('finds the inclusion and consistency vectors', () => {
    expect(all.filter((f) => f.includes('/inclusion/')).length).toBeGreaterThan(50);
    expect(all.filter((f) => f.includes('/consistency/')).length).toBeGreaterThan(50);
  });

  it.each(all.map((f) => [relative(VECTORS, f), f]))('%s gives the expected outcome through check-proof', async (_name, file) => {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { wantErr: boolean };
    const code = exitCodeOf((await checkProofFile(file)).result);
    if (doc.wantErr) expect(code).not.toBe(0);
    else expect(code).toBe(0);
    expect(checkProofDocument(doc) === 'valid').toBe(!doc.wantErr);
  });

  it('answers through the command line with exit codes 0 valid, 1 invalid, 2 malformed', async () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['check-proof', join(VECTORS, 'inclusion/1/happy-path.json')])).toBe(0);
      expect(await main(['check-proof', join(VECTORS, 'inclusion/1/random-root.json')])).toBe(1);
      const dir = mkdtempSync(join(tmpdir(), 'proof-'));
      writeFileSync(join(dir, 'x.json'), '[]');
      expect(await main(['check-proof', join(dir, 'x.json')])).toBe(2);
    } finally {
      out.mockRestore();
    }
  });

  it('says malformed (exit 2) for a file that is not JSON or not a proof', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proof-'));
    writeFileSync(join(dir, 'a.json'), '{ not json');
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ hello: 'world' }));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ leafIdx: 1, treeSize: 'two', root: '', leafHash: '', proof: [] }));
    expect((await checkProofFile(join(dir, 'a.json'))).result).toBe('malformed');
    expect((await checkProofFile(join(dir, 'b.json'))).result).toBe('malformed');
    expect((await checkProofFile(join(dir, 'c.json'))).result).toBe('malformed');
    expect((await checkProofFile(join(dir, 'missing.json'))).result).toBe('malformed');
  });
});
