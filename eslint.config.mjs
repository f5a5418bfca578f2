// ESLint: typescript-eslint's recommended rules, and the layers of the code as import rules
// (eslint-plugin-boundaries): core imports only core; webview only itself and shared; shared only
// itself and core's types; features never each other. The files at src/'s root (extension.ts,
// featuresEntry.ts, webviewMessages.ts) put the pieces together and may import any layer. See the README's "How a
// request flows".
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layers = [
  { type: 'core', pattern: 'src/core/**', partialMatch: false },
  { type: 'shared', pattern: 'src/shared/**', partialMatch: false },
  { type: 'webview', pattern: 'src/webview/**', partialMatch: false },
  { type: 'claude', pattern: 'src/claude/**', partialMatch: false },
  { type: 'platform', pattern: 'src/platform/**', partialMatch: false },
  { type: 'feature', pattern: 'src/features/*', capture: ['feature'] },
];

/** `from` may import these element types (a type-only import where `types` says so). */
const may = (from, to, typesOnly = []) => ({
  from: { element: { type: from } },
  allow: [
    ...to.map((type) => ({ to: { element: { type } } })),
    ...typesOnly.map((type) => ({ to: { element: { type } }, dependency: { kind: 'type' } })),
  ],
});

const restrict = (names, message) => ({ paths: names.map((name) => ({ name, message })) });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // The lazy requires: the features bundle, loaded on the first use of a command, view or chat
      // (src/extension.ts), the SDK bundle, loaded on the first request (src/claude/sdk.ts), and
      // secretlint's, loaded on the first scan (src/platform/secrets/secretScan.ts).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./featuresEntry$', '^\\./sdkEntry$', '^\\./secretlintEntry$', '^\\./(bedrock|vertex|foundry)Entry$'] }],
      'no-undef': 'off',
    },
  },
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layers,
      'boundaries/include': ['src/**/*.ts'],
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            may('core', ['core']),
            may('shared', ['shared'], ['core']),
            may('webview', ['webview', 'shared'], ['core']),
            may('claude', ['core', 'claude', 'platform']),
            may('platform', ['core', 'shared', 'platform', 'claude']),
            // A feature may import its own files, never another feature's.
            {
              from: { element: { type: 'feature' } },
              allow: [
                ...['core', 'shared', 'platform', 'claude'].map((type) => ({ to: { element: { type } } })),
                { to: { element: { type: 'feature', captured: { feature: '{{ from.captured.feature }}' } } } },
              ],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', restrict(['vscode', '@anthropic-ai/sdk'], 'src/core is pure: no VS Code API, no SDK.')],
    },
  },
  {
    files: ['src/webview/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...restrict(['vscode', '@anthropic-ai/sdk', 'crypto', 'fs', 'path', 'child_process'], 'The webview runs in the browser: no host APIs.'),
          patterns: [{ group: ['node:*', '@anthropic-ai/*'], message: 'The webview runs in the browser: no host APIs.' }],
        },
      ],
    },
  },
);
