// Lint for the bugs this project has had, not for taste: no formatter runs over the tree, and the rules follow the
// style the code already has (control characters in regexes are the escaper's job; `let x; try { x = … }` is fine).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_GLOBALS = ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'fetch', 'performance', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder', 'structuredClone', 'queueMicrotask'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  // The few Node globals the plain .js/.mjs files use (the `globals` package is not a dependency).
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: Object.fromEntries(NODE_GLOBALS.map((name) => [name, 'readonly'])) },
    rules: {
      'no-control-regex': 'off',
      'no-useless-assignment': 'off',
      // A `let` read by a closure before its one assignment (a monitor started after the tunnel it watches).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Type information for the product code only (one program from tsconfig.build.json): a program over the tests too
    // doubles the lint time on 2 cores, and a floating promise in a test fails that test anyway.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { parserOptions: { project: ['./tsconfig.build.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The unawaited `flow.start` bug: a promise nobody awaits or catches loses its rejection, and the run its verdict.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // The engine has an injected clock: time read directly in src/run makes runs untestable and replays wrong.
    files: ['src/run/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'use the injected clock (a `now` option), not Date.now(), in src/run' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'use the injected clock, not new Date(), in src/run' }],
      // The engine was one 191-line closure once; small functions keep it a set of parts.
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Test doubles speak to untyped JSON; the product code does not.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
