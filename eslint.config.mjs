// ESLint over src, events, projections, test and bench (issue 13): typescript-eslint's type-checked
// recommendations, no floating promises, exhaustive switches; formatting is Prettier's (.prettierrc.json).
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench/**', 'test/artifacts/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Every switch handles every case, by name or by a `default` that says what the rest do (a fold
      // ignores most events on purpose); a switch over a non-union value must have a `default`.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: true }],
      // `_name` marks what a destructuring leaves out on purpose (private parts, leafHash).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  // The portal's browser scripts are typed against the DOM by their own project (tsconfig.web.json).
  { files: ['web/**/*.ts'], languageOptions: { parserOptions: { project: './tsconfig.web.json', tsconfigRootDir: import.meta.dirname } } },
);
