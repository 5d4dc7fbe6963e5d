#!/usr/bin/env node
/**
 * Builds dist/ only when it is missing or older than a source it is built from, so `npm start` and
 * `npm run ledger -- …` start at once after the first build (a full tsc build takes about 15 s here).
 * `npm run build` (`--always`) builds whatever the dates say.
 */
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');
const SOURCES = ['src', 'events', 'projections', 'bench', 'web'];
const CONFIG = ['tsconfig.json', 'tsconfig.build.json', 'tsconfig.web.json', 'package-lock.json', 'scripts/build-web.js'];
const STAMP = join(ROOT, 'dist', '.built');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function stale() {
  if (!existsSync(STAMP)) return 'dist/ has not been built';
  const built = statSync(STAMP).mtimeMs;
  for (const p of [...SOURCES, ...CONFIG]) {
    const full = join(ROOT, p);
    if (existsSync(full) && newestMtime(full) > built) return `${p} changed since the last build`;
  }
  return null;
}

const reason = process.argv.includes('--always') ? 'asked to' : stale();
if (reason) {
  process.stderr.write(`building dist/ (${reason})…\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const web = spawnSync(process.execPath, [join(__dirname, 'build-web.js')], { stdio: 'inherit', cwd: ROOT });
  if (web.status !== 0) process.exit(web.status ?? 1);
  // Stamped with the time the build started: a source saved during the build makes the next run build again.
  writeFileSync(STAMP, new Date(started).toISOString());
  const t = new Date(started);
  require('node:fs').utimesSync(STAMP, t, t);
}
