// `npm start`: everything in one process tree on one machine — embedded PostgreSQL and a Temporal
// dev server when none is configured, migrations and seed data, the API and a worker.
import 'reflect-metadata';
import { loadConfig, databaseUrlOf } from './config/app-config';
import { createRootLogger } from './logging/logger';
import { provisionLocalServers } from './infra/provision';
import { migrateAndSeed } from './database/data-source';
import { createApi, stopOnSignal } from './bootstrap';
import { exitOnStartupError } from './startup-error';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config);
  const local = await provisionLocalServers(config, logger);
  stopOnSignal(local.stop, (m) => logger.info(m)); // until the app is up, a signal stops the servers
  const effective = local.config;
  await migrateAndSeed(
    databaseUrlOf(effective),
    effective.auth,
    (m) => logger.info(m),
  );
  const app = await createApi({ config: effective, logger });

  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  stopOnSignal(
    async () => {
      await app.close(); // awaits the worker's shutdown
      await local.stop();
    },
    (m) => logger.info(m),
  );

  const base = effective.http.publicUrl;
  const ui = effective.temporal.uiUrl;
  logger.info(
    [
      'fulian-flow is running:',
      `  Web app / API   ${base}/`,
      `  API docs        ${base}/api/docs`,
      `  Health          ${base}/health`,
      `  Temporal        ${effective.temporal.address}${local.temporal ? ` (dev server, ${local.temporal.source})` : ''}`,
      ui ? `  Temporal Web UI ${ui}` : undefined,
      `  PostgreSQL      ${local.embeddedPostgres ? `embedded, port ${effective.database.embeddedPort}, data in ${effective.dataDir}/postgres` : 'DATABASE_URL'}`,
      '  Ctrl-C stops everything.',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

main().catch(exitOnStartupError);
