/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testMatch: ['**/*.spec.ts', '**/*.contract.spec.ts', '**/*.e2e-spec.ts'],
  // Type checking is `npm run typecheck` (run by pretest); tests only transpile.
  // NestJS 12 ships ES modules only: transpile those packages to CommonJS for jest too.
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    '^.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.transformer.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@noble|@standard-schema|file-type|strtok3|token-types|@tokenizer|uint8array-extras|load-esm|content-disposition|@fastify/static/node_modules/content-disposition)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  verbose: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
