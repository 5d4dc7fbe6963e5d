import { expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { architectureGraph } = require('../../../scripts/architecture-graph.js') as { architectureGraph: () => string };

const ROOT = join(__dirname, '..', '..', '..');

/** Issue 13: imports run one way (.dependency-cruiser.js), and the README shows the layers as they are. */
describe('architecture', () => {
  it('has no import that breaks a layering rule (dependency-cruiser)', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
        'src',
        'events',
        'projections',
        'test',
        'bench',
        '--config',
        '.dependency-cruiser.js',
        '--output-type',
        'err',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect({ status: r.status, output: r.stdout + r.stderr }).toEqual({
      status: 0,
      output: expect.stringContaining('no dependency violations found'),
    });
  }, 60_000);

  it("the README's architecture section is the graph dependency-cruiser draws (npm run architecture)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- architecture -->\n```text\n([\s\S]*?)```\n<!-- \/architecture -->/.exec(readme);
    expect(block?.[1]).toBe(architectureGraph());
  }, 60_000);
});
