// Lint rules. Besides the recommended sets, `no-restricted-imports` enforces the import direction of
// DESIGN §4.1: the remote clients never import each other, the store or the flows; only flows see both
// remotes; nothing imports the composition root (main.ts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map(([group, message]) => ({ group, message })) }],
});
const noMain = [['**/main.ts', '**/main'], 'main.ts is the composition root: nothing imports it.'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'scratch/**', '.bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...restrict([noMain]),
    },
  },
  {
    files: ['src/amazon/**'],
    rules: restrict([
      noMain,
      [
        ['**/d365/**', '**/store/**', '**/flows/**', '**/web/**', '**/cli/**', '**/jobs/**'],
        'amazon/ is a client of one remote: it imports only http/, config, errors, log (DESIGN §4.1).',
      ],
    ]),
  },
  {
    files: ['src/d365/**'],
    rules: restrict([
      noMain,
      [
        ['**/amazon/**', '**/store/**', '**/flows/**', '**/web/**', '**/cli/**', '**/jobs/**'],
        'd365/ is a client of one remote: it imports only http/, config, errors, log (DESIGN §4.1).',
      ],
    ]),
  },
  {
    files: ['src/store/**', 'src/http/**', 'src/log/**', 'src/config/**'],
    rules: restrict([
      noMain,
      [
        ['**/amazon/**', '**/d365/**', '**/flows/**', '**/web/**', '**/cli/**', '**/jobs/**'],
        'store/, http/, log/ and config/ are below the flows and remotes: they must not import them.',
      ],
    ]),
  },
  {
    files: ['src/emulators/**'],
    rules: restrict([
      noMain,
      [
        ['**/flows/**', '**/store/**', '**/jobs/**', '**/web/**', '**/cli/**', '**/amazon/**', '**/d365/**'],
        'emulators stand in for the remotes: they share no code with the connector that uses them.',
      ],
    ]),
  },
  {
    files: ['src/web/**', 'src/cli/**', 'src/jobs/**'],
    rules: restrict([
      noMain,
      [
        // The emulators are tools of their own (`connector emulate`, demo mode): the CLI may start them.
        ['**/amazon/**', '**/d365/**', '!**/emulators/amazon/**', '!**/emulators/d365/**'],
        'only flows/ talk to the remotes (DESIGN §4.1).',
      ],
    ]),
  },
);
