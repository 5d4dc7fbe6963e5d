#!/usr/bin/env node
/**
 * Writes docs/rules.md from the rule registry and the policy packs (src/policy/rules-doc.ts renders it).
 * `npm run rules` after adding a rule code or changing a pack; test/unit/project/rules-doc.spec.ts fails
 * when the committed file differs. The TypeScript sources are transpiled on load (no build needed).
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const ROOT = join(__dirname, '..');
const OUTPUT = join(ROOT, 'docs', 'rules.md');

function loadTypeScript() {
  require.extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    module._compile(outputText, filename);
  };
}

function rulesDoc() {
  loadTypeScript();
  return require(join(ROOT, 'src', 'policy', 'rules-doc.ts')).renderRulesDoc();
}

if (require.main === module) {
  // --stdout prints instead of writing (test/unit/project/rules-doc.spec.ts runs the script that way).
  if (process.argv.includes('--stdout')) process.stdout.write(rulesDoc());
  else writeFileSync(OUTPUT, rulesDoc());
}

module.exports = { OUTPUT };
