// Lint rules. Besides the recommended sets, eslint-plugin-boundaries enforces the import allow-list of
// DESIGN §4.1 (docs/how-it-works.md, "The shape of the code"): each folder of src/ may import only what its
// row allows; static, type-only and dynamic imports and re-exports all count; nothing in src/ imports
// test/ but the tests beside the code. test/boundaries.test.ts plants a violation of every row in a copy
// of the tree and checks each is reported, so these rules cannot rot unnoticed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import boundaries from 'eslint-plugin-boundaries';

const folder = (type) => ({ type, pattern: `src/${type}`, partialMatch: false });

/** Every kind of code in the tree; the first pattern a file matches gives its element type. */
const elements = [
  { type: 'main', pattern: 'src/main.ts', mode: 'file' },
  { type: 'runtime', pattern: 'src/runtime.ts', mode: 'file' },
  { type: 'errors', pattern: 'src/errors.ts', mode: 'file' },
  ...[
    'config',
    'log',
    'http',
    'amazon',
    'd365',
    'store',
    'engine',
    'jobs',
    'alerts',
    'ops',
    'web',
    'cli',
    'demo',
  ].map(folder),
  { type: 'flow-registry', pattern: 'src/flows/index{,.test}.ts', mode: 'file' },
  { type: 'flow-domain', pattern: 'src/flows/domain', partialMatch: false },
  // One element per flow folder: imports inside a folder are its own business; across two, a violation.
  { type: 'flow', pattern: 'src/flows/*', partialMatch: false, capture: ['flow'] },
  { type: 'emulator-shared', pattern: 'src/emulators/shared', partialMatch: false },
  { type: 'emulator', pattern: 'src/emulators/*', partialMatch: false, capture: ['emulator'] },
  { type: 'test', pattern: 'test', partialMatch: false },
  { type: 'tooling', pattern: '{bench,scripts}', partialMatch: false },
];

const floor = ['errors', 'log', 'config'];
/** The allow-list, row by row as in DESIGN §4.1. Everything not listed is refused. */
const allowed = {
  errors: floor,
  log: floor,
  config: floor,
  http: floor,
  amazon: ['http', ...floor],
  d365: ['http', ...floor],
  store: ['http', ...floor],
  engine: ['store', 'http', ...floor],
  'flow-domain': ['engine', 'amazon', 'd365', 'store', 'http', ...floor],
  flow: ['flow-domain', 'engine', 'amazon', 'd365', 'store', 'http', 'demo', ...floor],
  'flow-registry': ['flow-registry', 'flow', 'engine'],
  jobs: ['engine', 'store', ...floor],
  // Alerts read what runs recorded and write the feed and their outbox; they know no flow or remote.
  alerts: ['engine', 'store', ...floor],
  ops: ['engine', 'jobs', 'store', 'flow-registry', ...floor],
  web: ['ops', 'engine', 'jobs', 'store', ...floor],
  cli: ['ops', 'engine', 'jobs', 'store', 'runtime', 'demo', 'emulator', 'emulator-shared', ...floor],
  runtime: elements.map((e) => e.type).filter((t) => !['cli', 'main', 'test', 'tooling'].includes(t)),
  main: elements.map((e) => e.type).filter((t) => !['test', 'tooling'].includes(t)),
  emulator: ['emulator-shared', 'demo'],
  'emulator-shared': ['demo'],
  demo: [],
  // Tests, benchmarks and scripts stand outside the product: they may use all of it.
  test: elements.map((e) => e.type),
  tooling: elements.map((e) => e.type),
};

const why = (from) =>
  `${from} may import only ${allowed[from].join(', ') || 'nothing of ours'} (the allow-list of DESIGN §4.1, ` +
  'docs/how-it-works.md); {{ to.type }} is not among them';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'scratch/**', '.bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { boundaries },
    settings: {
      // Patterns are relative to this file's folder, wherever ESLint runs from (the test lints a copy).
      'boundaries/root-path': fileURLToPath(new globalThis.URL('.', import.meta.url)),
      'boundaries/elements': elements,
      'boundaries/files': [{ category: 'test', pattern: '**/*.test.ts' }],
      'boundaries/dependency-nodes': ['import', 'dynamic-import', 'export'],
      'boundaries/legacy-templates': false,
      // Single files (main.ts, runtime.ts, errors.ts, flows/index.ts) are elements of their own through the
      // plugin's `mode: 'file'`, which v7 deprecates in favour of file descriptors; the planted-violation
      // test (test/boundaries.test.ts) notices if a later version stops honouring it.
      'boundaries/legacy-warnings': false,
      'import/resolver': { typescript: { alwaysTryTypes: true }, node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import('…').Type` in a type position would slip past the boundaries: import types by name.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { disallowTypeAnnotations: true, fixStyle: 'inline-type-imports' },
      ],
      'boundaries/no-unknown-files': 'off',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          // An import of a file no element claims is refused too (every src file belongs to a row).
          checkUnknownLocals: true,
          policies: [
            ...Object.entries(allowed).map(([from, to]) => ({
              from: { element: { type: from } },
              allow: { to: { element: { types: { anyOf: to.length ? to : ['(none)'] } } } },
              message: why(from),
            })),
            // A test beside the code may use the test support code and the emulators (DESIGN §4.8: tests run
            // against them); production code may not.
            {
              from: { file: { categories: 'test' } },
              allow: {
                to: { element: { types: { anyOf: ['test', 'emulator', 'emulator-shared', 'demo'] } } },
              },
            },
          ],
        },
      ],
    },
  },
  // Every file of the product belongs to a row of the allow-list: a new top-level folder must be added.
  { files: ['src/**'], rules: { 'boundaries/no-unknown-files': 'error' } },
);
