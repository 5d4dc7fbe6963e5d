/**
 * Imports run one way (DESIGN.md "The shape"; issue 13). `npm test` fails on any violation
 * (test/unit/project/architecture.spec.ts runs `depcruise` with this file).
 * HTTP → DTO → command → decider → append → ledger → projection runner → read model → query.
 */
const FEATURES = '(funds|contractors|projects|contracts|penalties|credit|budgets|disclosure|audit|catalogue|transparency|portal|erasures)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'portal-reads-the-public-api',
      severity: 'error',
      comment:
        'The portal (issue 16) renders what the public routes answer (src/portal/public-api.ts): it never reaches the ledger or the read-model store behind their back.',
      from: { path: '^src/portal/' },
      to: { path: '^src/(ledger|projection-runner)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'events-import-nothing',
      severity: 'error',
      comment: 'The event catalogue is the innermost layer (consumers import it): it imports nothing of the project.',
      from: { path: '^events/' },
      to: { path: '^(src|projections|test|bench|scripts)/' },
    },
    {
      name: 'deciders-are-pure',
      severity: 'error',
      comment: 'Deciders import only events/, src/shared/domain, src/policy and other deciders (they compose): no shell, no I/O.',
      from: { path: '^src/[^/]+/domain/' },
      to: { pathNot: '^(events/|src/shared/domain/|src/policy/|src/[^/]+/domain/)', dependencyTypesNot: ['core', 'type-only'] },
    },
    {
      name: 'deciders-no-io',
      severity: 'error',
      comment: 'Not even a type from a database driver or the framework in a decider.',
      from: { path: '^src/[^/]+/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core'] },
    },
    {
      name: 'projections-are-folds',
      severity: 'error',
      comment: 'Projections import only events/ and their own helpers (projections/).',
      from: { path: '^projections/' },
      to: { pathNot: '^(events|projections)/' },
    },
    {
      name: 'ledger-below-the-shell',
      severity: 'error',
      comment: 'The ledger is below HTTP and the features: it never imports them.',
      from: { path: '^src/ledger/' },
      to: { path: `^src/(http|${FEATURES})/` },
    },
    {
      name: 'config-without-adapters',
      severity: 'error',
      comment: 'Reading settings must not load a database driver.',
      from: { path: '^src/config/' },
      to: { path: ['^src/ledger/(sqlite|postgres|open-store)', '^src/projection-runner/', 'node_modules/(pg|better-sqlite3|mongodb)/'] },
    },
    {
      name: 'commands-without-dtos',
      severity: 'error',
      comment: 'Handlers and commands take domain data; only controllers know request DTOs.',
      from: { path: '\\.(handler|command)\\.ts$' },
      to: { path: '\\.request\\.dto\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: {
      archi: { collapsePattern: '^(events|projections|src/[^/]+|test|bench)' },
      text: { highlightFocused: true },
    },
  },
};
