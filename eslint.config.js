// Layering is enforced here, not by goodwill (DESIGN.md, "Dependency rule"):
// - broker-runtime is the engine: no Electron, no React, nothing of main/ or renderer/;
// - main uses the engine only through broker-runtime/index.ts;
// - renderer imports only types from main/contract, and nothing of Node or the engine.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'net', 'child_process', 'worker_threads', 'crypto', 'http', 'stream'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['broker-runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'broker-runtime runs headless: no Electron.' }],
        patterns: [
          { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@mantine/*'], message: 'broker-runtime has no UI.' },
          { regex: '(^|/)(main|renderer)(/|$)', message: 'broker-runtime must not import main/ or renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '(^|/)renderer(/|$)', message: 'main must not import the renderer.' },
          { regex: '(^|/)broker-runtime/(?!index(\\.js)?$).+', message: 'main uses the engine only through broker-runtime/index.ts.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the backend only through renderer/api.' }],
        patterns: [
          { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node built-ins.' },
          { regex: '(^|/)broker-runtime(/|$)', message: 'The renderer must not import the engine.' },
          { regex: '(^|/)main/(?!contract(/|$))', message: 'The renderer may import only types from main/contract.' },
          { regex: '(^|/)main/contract(/|$)', allowTypeImports: true, message: 'The renderer may import only types from main/contract (use `import type`).' },
        ],
      }],
    },
  },
);
