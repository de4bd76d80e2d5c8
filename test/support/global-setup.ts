// Starts the real servers the whole test run shares: an embedded PostgreSQL in a temporary folder
// and a Temporal dev server, both on free ports; finds (or fetches) the time-skipping test server;
// bundles the workflows once. Test files read where everything is from process.env.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { migrateAndSeed } from '../../src/database/data-source';
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres';
import { freePort } from '../../src/infra/net';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server';
import { ensureTestServer } from '../../src/infra/tools';
import { bundleWorkflows } from '../../src/cli/bundle-workflows';
import { testLogger } from './logger';
import { pgCtl } from './pg-ctl';
import { TEMPLATE_DATABASE, type SharedServers } from './shared';

export default async function globalSetup(): Promise<void> {
  const logger = testLogger();
  const dir = mkdtempSync(join(tmpdir(), 'fulian-flow-test-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the `postgres` user and must reach its folder
  const toolsDir = resolve(process.env.TOOLS_DIR ?? '.tools');
  const started = Date.now();

  const [pg, temporal, testServerPath, bundle] = await Promise.all([
    freePort().then((port) =>
      startEmbeddedPostgres({ dir: join(dir, 'postgres'), port, database: TEMPLATE_DATABASE, logger, ephemeral: true }),
    ),
    Promise.all([freePort(), freePort()]).then(([port, uiPort]) =>
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
    ),
    ensureTestServer({ toolsDir, logger }),
    bundleWorkflows(),
  ]);
  await migrateAndSeed(pg.url, { demoPassword: 'demo', seedDemoUsers: true }, () => undefined);
  // A second, initialised but stopped cluster that the outage test starts and stops with pg_ctl.
  const outagePort = await freePort();
  const outage = await startEmbeddedPostgres({ dir: join(dir, 'outage-postgres'), port: outagePort, database: 'outage', logger, ephemeral: true });
  await migrateAndSeed(outage.url, { demoPassword: 'demo', seedDemoUsers: true }, () => undefined);
  await outage.stop();
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle);

  const shared: SharedServers = {
    dir,
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    testServerPath,
    workflowBundlePath: bundlePath,
    toolsDir,
    outagePostgres: { dir: join(dir, 'outage-postgres'), port: outagePort, url: outage.url },
  };
  process.env.FULIAN_TEST_SERVERS = JSON.stringify(shared);
  const stop = async () => {
    await temporal.stop();
    await pg.stop();
    // The outage test's cluster runs on its own (pg_ctl daemonises it) if the test was interrupted.
    try {
      pgCtl('stop', { dir: join(dir, 'outage-postgres'), port: outagePort });
    } catch {
      /* not running */
    }
  };
  (globalThis as Record<string, unknown>).__fulianStop = stop;
  // An interrupted run (Ctrl-C, a CI timeout) skips global teardown: stop the servers anyway.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  logger.info(`Test servers ready in ${Date.now() - started} ms (PostgreSQL ${pg.port}, Temporal ${temporal.address})`);
}
