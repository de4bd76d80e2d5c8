// Lint: typed rules for the whole product; workflow code may not reach Node built-ins or I/O libraries;
// imports between the three folders go one way (see "The direction of imports" below).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

// The direction of imports, so that no file reaches itself through another folder:
//   workflows/  deterministic code; imports only workflows/ (and activities' types for proxyActivities);
//   src/        the application; imports workflows/, never activities/ — except the one place that
//               registers them with the worker, src/temporal/worker.service.ts;
//   activities/ the side effects; import workflows/ and src's domain code (services, repositories,
//               constants), never the wiring that imports activities back (the worker, modules,
//               controllers, health, cli, entry points).
// A type or constant two sides need lives with its owner: workflows/ when workflow code needs it
// (CalendarPayload, SelfCheckRecord), src/ otherwise (the outbox's NOTIFY channel). The patterns match
// relative and baseUrl paths alike (`../../activities/x`, `activities/x`).
const folder = (path) => `^(\\.{1,2}/)*${path}(/.*)?$`;
const workflowImportRules = [
  { regex: folder('src'), message: 'Workflows import only workflows/ code and activity types: the application is not deterministic.' },
  {
    regex: folder('activities'),
    allowTypeImports: true,
    message: 'Workflows reach activities only through proxyActivities: `import type` their interface. A value both need belongs in workflows/.',
  },
];
const srcImportRules = [
  {
    regex: folder('activities'),
    message:
      'src/ does not import activities/ (they import src): only src/temporal/worker.service.ts registers them. Move what both need to its owner (src/, or workflows/ when workflow code needs it).',
  },
];
const wiring = "Activities use src's domain code, not the application's wiring, which imports activities back.";
const activityImportRules = [
  { regex: folder('src/(temporal|health|cli)'), message: wiring },
  { regex: '^(\\.{1,2}/)*src/(main|api\\.main|worker\\.main|bootstrap)$', message: wiring },
  { regex: '\\.(module|controller)$', message: wiring },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'data/**', 'coverage/**', 'web/dist/**', 'test-artifacts/**', '*.config.js', 'eslint.config.mjs', 'test/support/sequencer.js'] }, // plain CommonJS files Jest loads itself
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Workflow code is replayed deterministically inside Temporal's sandbox: no Node built-ins,
    // no database or network libraries, no tsconfig path aliases.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflows must be deterministic: do this in an activity.' })),
            ...['pg', 'typeorm', 'nodemailer', 'axios', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({
              name,
              message: 'Workflows may not do I/O: call an activity through proxyActivities.',
            })),
          ],
          patterns: [{ group: ['@nestjs/*'], message: 'Workflows may not import the Nest application.' }, ...workflowImportRules],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/temporal/worker.service.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: srcImportRules }] },
  },
  {
    files: ['activities/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: activityImportRules }] },
  },
  {
    // React: event handlers may return promises (react-router's navigate does); component props
    // pass methods of hook results around by design.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false, properties: false } }],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
);
