// Jest runs TypeScript through SWC (fast, keeps decorator metadata for NestJS), in three layers:
//   unit      test/unit: pure functions, no server, no global setup (`npm run test:unit`, seconds);
//   workflow  the time-skipping test server with the real activities on PostgreSQL, replay of the
//             stored histories, database modules (`npm run test:workflow`);
//   system    the whole application: API, browser, faults, fuzzing (`npm run test:system`).
// `npm test` runs all three. Jest runs a project's global setup only when one of its tests runs, so
// each layer starts only the servers it needs; a file in no list below is a system test.
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

/** The workflow layer's files: they use test/support/time-skipping*.ts or PostgreSQL alone, never the app. */
const WORKFLOW_FILES = [
  'integration/campaign-workflow',
  'integration/event-duties',
  'integration/event-scenarios',
  'integration/event-templates',
  'integration/monthly-selection-workflow',
  'integration/reminders',
  'integration/replay',
  'integration/time-skipping',
  'integration/org-seed',
  'integration/template-registry',
].map((f) => `<rootDir>/test/${f}.spec.ts`);

const base = { rootDir: __dirname, testEnvironment: 'node', transform };
const withServers = {
  ...base,
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Quiets the Temporal SDK's runtime logs; unit tests do not load the SDK's native runtime at all.
  setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...withServers,
      displayName: 'workflow',
      testMatch: WORKFLOW_FILES,
      globalSetup: '<rootDir>/test/support/global-setup-workflow.ts',
    },
    {
      ...withServers,
      displayName: 'system',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/', ...WORKFLOW_FILES.map((f) => f.replace(/\./g, '\\.'))],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 120_000,
  maxWorkers: 2,
};
