// `npm start`: everything in one process tree on one machine — embedded PostgreSQL and a Temporal
// dev server when none is configured, migrations and seed data, the API and a worker.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadConfig, databaseUrlOf, isLoopbackHost } from './config/app-config';
import { createRootLogger } from './logging/logger';
import { provisionLocalServers } from './infra/provision';
import { migrateAndSeed } from './database/data-source';
import { createApi, stopOnSignal } from './bootstrap';
import { exitOnStartupError } from './startup-error';
import { webRoot } from './web/web.module';

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
  const sink = local.mailSink;
  const smtp = effective.notifications.smtpUrl;
  logger.info(
    [
      'fulian-flow is running:',
      // The web app is what most people came for: its address first, or why it is missing.
      existsSync(join(webRoot(), 'index.html')) ? `  Web app         ${base}/` : '  Web app         not built (`npm run build` builds it)',
      `  API             ${base}/api`,
      `  Listening on    ${effective.http.host}:${effective.http.port}${isLoopbackHost(effective.http.host) ? ' (this machine only: set HOST, with a JWT_SECRET of your own, to serve others)' : ''}`,
      `  API docs        ${base}/api/docs`,
      `  Health          ${base}/health`,
      `  Temporal        ${effective.temporal.address}${local.temporal ? ` (dev server, ${local.temporal.source})` : ''}`,
      ui ? `  Temporal Web UI ${ui}` : undefined,
      `  PostgreSQL      ${local.embeddedPostgres ? `embedded, port ${effective.database.embeddedPort}, data in ${displayPath(local.postgresDir ?? join(effective.dataDir, 'postgres'))}` : 'DATABASE_URL'}`,
      sink
        ? `  Mail (local)    ${displayPath(sink.dir)} (SMTP 127.0.0.1:${sink.port})`
        : `  Mail            ${smtp ? withoutCredentials(smtp) : 'off (SMTP_URL unset): email deliveries wait in the outbox'}`,
      '  Ctrl-C stops everything.',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

/** `data/mail` rather than an absolute path, when it is under the working directory. */
function displayPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

function withoutCredentials(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString();
}

main().catch(exitOnStartupError);
