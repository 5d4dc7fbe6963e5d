#!/usr/bin/env node
/**
 * The layers as dependency-cruiser sees them (.dependency-cruiser.js), one line per folder with the
 * folders it imports. `npm run architecture` prints it (`-- --write` puts it into the README); the README's "Architecture" section holds the
 * same text, and test/unit/project/architecture.spec.ts fails when the two differ.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

function architectureGraph() {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', 'events', 'projections',
    '--config', '.dependency-cruiser.js', '--output-type', 'text', '--include-only', '^(events|projections|src)/',
    '--collapse', '^(events|projections|src/[^/]+)/'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dependency-cruiser failed: ${r.stderr || r.stdout}`);
  const edges = new Map();
  for (const line of r.stdout.split('\n')) {
    const m = /^(\S+) → (\S+)$/.exec(line.trim());
    if (!m) continue;
    const [from, to] = [m[1].replace(/\/$/, ''), m[2].replace(/\/$/, '')];
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
  }
  const width = Math.max(...[...edges.keys()].map((k) => k.length));
  return [...edges.keys()].sort().map((from) => `${from.padEnd(width)} → ${[...edges.get(from)].sort().join(', ')}`).join('\n') + '\n';
}

/** Puts the graph into the README's `<!-- architecture -->` block (`npm run architecture -- --write`). */
function writeReadme() {
  const { readFileSync, writeFileSync } = require('node:fs');
  const file = join(ROOT, 'README.md');
  const block = /(<!-- architecture -->\n```text\n)[\s\S]*?(```\n<!-- \/architecture -->)/;
  const readme = readFileSync(file, 'utf8');
  if (!block.test(readme)) throw new Error('README.md has no <!-- architecture --> block');
  writeFileSync(file, readme.replace(block, (_, open, close) => open + architectureGraph() + close));
}

if (require.main === module) {
  if (process.argv.includes('--write')) writeReadme();
  else process.stdout.write(architectureGraph());
}

module.exports = { architectureGraph };
