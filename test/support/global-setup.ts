// Provisions and starts what the test layers share, once per run and only for the layers that run
// (jest.config.js gives each project its own global setup; Jest runs one only when a test of its
// project runs). The workflow layer gets an embedded PostgreSQL (migrated and seeded: each test file
// copies it), the time-skipping test server and the workflow bundle; the system layer adds a
// Temporal dev server, a second, stopped cluster for the outage test, Schemathesis and Chromium.
// Everything is on free ports, in a temporary folder; test files read where it is from process.env.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { migrateAndSeed } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres';
import { freePort } from '../../src/infra/net';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server';
import { ensureBrowser, ensureSchemathesis, ensureTemporalCli, ensureTestServer } from '../../src/infra/tools';
import { bundleWorkflows } from '../../src/cli/bundle-workflows';
import { testLogger } from './logger';
import { pgCtl } from './pg-ctl';
import { TEMPLATE_DATABASE, type SharedServers } from './shared';

export interface LayerNeeds {
  /** The Temporal dev server the whole application runs against. */
  temporal: boolean;
  /** The initialised, stopped cluster of the outage test. */
  outagePostgres: boolean;
  /** Schemathesis for the API fuzzing. */
  fuzzer: boolean;
  /** Chromium and CJK fonts for the browser tests. */
  browser: boolean;
}

export const WORKFLOW_LAYER: LayerNeeds = { temporal: false, outagePostgres: false, fuzzer: false, browser: false };
export const SYSTEM_LAYER: LayerNeeds = { temporal: true, outagePostgres: true, fuzzer: true, browser: true };

interface RunState {
  shared: Partial<SharedServers> & { dir: string; toolsDir: string };
  stops: (() => Promise<void>)[];
  done: Set<keyof LayerNeeds | 'base'>;
}

const STATE = '__fulianTestServers';

/** Progress lines of provisioning, readable on the terminal whatever TEST_LOG_LEVEL says. */
function progressLogger(): Logger {
  return pino(
    { level: 'info', base: undefined },
    pretty({ destination: 2, sync: true, colorize: false, ignore: 'pid,hostname,time', messageFormat: 'test setup: {msg}' }),
  );
}

export async function setUpLayer(layer: string, needs: LayerNeeds): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const logger = testLogger();
  const progress = progressLogger();
  const started = Date.now();
  let state = g[STATE] as RunState | undefined;
  if (!state) {
    const dir = mkdtempSync(join(tmpdir(), 'fulian-flow-test-'));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as the `postgres` user and must reach its folder
    state = { shared: { dir, toolsDir: resolve(process.env.TOOLS_DIR ?? '.tools') }, stops: [], done: new Set() };
    g[STATE] = state;
    g.__fulianStop = () => stopAll(state!);
    // An interrupted run (Ctrl-C, a CI timeout) skips global teardown: stop the servers anyway.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        void stopAll(state!).finally(() => process.exit(130));
      });
    }
  }
  const s = state;
  const { dir, toolsDir } = s.shared;
  const parts: Promise<unknown>[] = [];

  if (!s.done.has('base')) {
    s.done.add('base');
    parts.push(
      freePort()
        .then((port) => startEmbeddedPostgres({ dir: join(dir, 'postgres'), port, database: TEMPLATE_DATABASE, logger, ephemeral: true }))
        .then(async (pg) => {
          s.stops.push(pg.stop);
          await migrateAndSeed(pg.url, { demoPassword: 'demo', seedDemoUsers: true }, () => undefined);
          s.shared.databaseUrl = pg.url;
        }),
      ensureTestServer({ toolsDir, logger: progress }).then((path) => {
        s.shared.testServerPath = path;
        if (!path) progress.warn('No Java and Maven: the time-skipping test server will be the Temporal SDK\'s download (needs internet)');
      }),
      bundleWorkflows().then((bundle) => {
        const path = join(dir, 'workflow-bundle.js');
        writeFileSync(path, bundle);
        s.shared.workflowBundlePath = path;
      }),
    );
  }
  if (needs.temporal && !s.done.has('temporal')) {
    s.done.add('temporal');
    parts.push(
      // Found, or built once with Go (a few minutes, said on the terminal), before the server starts.
      ensureTemporalCli({ cliPath: process.env.TEMPORAL_CLI_PATH, toolsDir, logger: progress })
        .then(() => Promise.all([freePort(), freePort()]))
        .then(([port, uiPort]) =>
          startTemporalDevServer({
            dataDir: dir,
            toolsDir,
            cliPath: process.env.TEMPORAL_CLI_PATH,
            port,
            uiPort,
            namespace: 'default',
            logger,
            headless: true,
            inMemory: true,
          }),
        )
        .then((temporal) => {
          s.stops.push(temporal.stop);
          s.shared.temporalAddress = temporal.address;
        }),
    );
  }
  if (needs.outagePostgres && !s.done.has('outagePostgres')) {
    s.done.add('outagePostgres');
    // A second, initialised but stopped cluster that the outage test starts and stops with pg_ctl.
    const outageDir = join(dir, 'outage-postgres');
    parts.push(
      freePort().then(async (port) => {
        const outage = await startEmbeddedPostgres({ dir: outageDir, port, database: 'outage', logger, ephemeral: true });
        await migrateAndSeed(outage.url, { demoPassword: 'demo', seedDemoUsers: true }, () => undefined);
        await outage.stop();
        s.shared.outagePostgres = { dir: outage.dir, port, url: outage.url };
        // The outage test's cluster runs on its own (pg_ctl daemonises it) if the test was interrupted.
        s.stops.push(async () => {
          try {
            pgCtl('stop', { dir: outage.dir, port });
          } catch {
            /* not running */
          }
        });
      }),
    );
  }
  if (needs.fuzzer && !s.done.has('fuzzer')) {
    s.done.add('fuzzer');
    parts.push(
      ensureSchemathesis({ toolsDir, logger: progress }).then(
        (fuzzer) => {
          if ('unavailable' in fuzzer) progress.warn(`Schemathesis unavailable: ${fuzzer.unavailable}; the API fuzz tests (test/fuzz) fail until it is installed`);
        },
        (err: Error) => progress.warn(`Schemathesis could not be installed: ${err.message.split('\n')[0]}; the API fuzz tests (test/fuzz) fail until it is`),
      ),
    );
  }
  if (needs.browser && !s.done.has('browser')) {
    s.done.add('browser');
    parts.push(ensureBrowser({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', logger: progress }));
  }
  if (!parts.length) return;

  const results = await Promise.allSettled(parts);
  // Publish what did start, so that teardown (or the signal handler) stops it, then fail loudly.
  process.env.FULIAN_TEST_SERVERS = JSON.stringify(s.shared);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const what = [
    `PostgreSQL ${new URL(s.shared.databaseUrl!).port}`,
    s.shared.temporalAddress ? `Temporal ${s.shared.temporalAddress}` : undefined,
    s.shared.testServerPath ? 'time-skipping test server' : undefined,
  ].filter(Boolean);
  progress.info(`${layer} layer ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${what.join(', ')})`);
}

async function stopAll(state: RunState): Promise<void> {
  // In the reverse order of their start; each stop is independent of the others.
  for (const stop of state.stops.splice(0).reverse()) await stop().catch(() => undefined);
}

/** The system layer's global setup (jest.config.js): the whole application's servers. */
export default function systemGlobalSetup(): Promise<void> {
  return setUpLayer('system', SYSTEM_LAYER);
}
