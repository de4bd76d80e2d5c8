// `npm run start:api`: the API alone, against the PostgreSQL and Temporal the config names (production).
import 'reflect-metadata';
import { loadConfig, type AppConfig } from './config/app-config';
import { createRootLogger } from './logging/logger';
import { createApi, stopOnSignal } from './bootstrap';
import { exitOnStartupError } from './startup-error';

async function main(): Promise<void> {
  // The roles are this entry point's, whatever RUN_API/RUN_WORKER say; the config's checks follow them.
  const config: AppConfig = loadConfig({ roles: { api: true, worker: false } });
  const logger = createRootLogger(config);
  const app = await createApi({ config, logger });
  stopOnSignal(() => app.close(), (m) => logger.info(m));
  logger.info(`fulian-flow API listening on ${config.http.publicUrl} (docs at /api/docs)`);
}

main().catch(exitOnStartupError);
