/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/events', '<rootDir>/projections'],
  testMatch: ['**/*.spec.ts', '**/*.contract.spec.ts', '**/*.e2e-spec.ts'],
  // Type checking is `npm run typecheck` (run by pretest); tests only transpile.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  verbose: true,
};
