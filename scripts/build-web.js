#!/usr/bin/env node
/**
 * The portal's static assets in dist/web/ (served at /assets/): web/*.css, Charts.css (the budgets chart),
 * and web/src/**.ts compiled as ES modules for the browser (tsconfig.web.json). Each file is also written
 * gzip- and brotli-compressed beside itself, so that @fastify/static sends the smaller one the browser accepts.
 */
const { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const zlib = require('node:zlib');

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'dist', 'web');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(join(ROOT, 'web'))) if (f.endsWith('.css')) cpSync(join(ROOT, 'web', f), join(OUT, f));
cpSync(require.resolve('charts.css/dist/charts.min.css'), join(OUT, 'charts.min.css'));

const hasScripts = existsSync(join(ROOT, 'web', 'src')) && readdirSync(join(ROOT, 'web', 'src')).some((f) => f.endsWith('.ts'));
if (hasScripts) {
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.web.json')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function compressAll(dir) {
  for (const f of readdirSync(dir)) {
    const full = join(dir, f);
    if (statSync(full).isDirectory()) compressAll(full);
    else if (/\.(css|js|svg)$/.test(f)) {
      const body = readFileSync(full);
      writeFileSync(`${full}.gz`, zlib.gzipSync(body, { level: 9 }));
      writeFileSync(`${full}.br`, zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
  }
}
compressAll(OUT);
