// NestJS 12 and a few of its dependencies ship ES modules only. Node runs them natively
// (require(esm)), but jest's module registry is CommonJS, so for tests they are
// transpiled to CommonJS. `import.meta.url` has no CommonJS form; it becomes the file URL.
'use strict';
const { createHash } = require('node:crypto');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  allowJs: true,
  esModuleInterop: true,
  sourceMap: false,
};

module.exports = {
  process(source, filename) {
    const code = source
      // CommonJS already has `require`; declaring it again is a syntax error there.
      .replace(/^const require = createRequire\(import\.meta\.url\);?$/m, '')
      .replace(/\bimport\.meta\.url\b/g, "require('node:url').pathToFileURL(__filename).href");
    return { code: ts.transpileModule(code, { compilerOptions, fileName: filename }).outputText };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(ts.version).update('\0esm-to-cjs-2\0').update(filename).update('\0').update(source).digest('hex');
  },
};
