// `npm run start:worker`: a Temporal worker alone (scale these out), against the configured servers.
import 'reflect-metadata';
import { loadConfig, type AppConfig } from './config/app-config';
import { createRootLogger } from './logging/logger';
import { createWorkerContext, stopOnSignal } from './bootstrap';
import { exitOnStartupError } from './startup-error';

async function main(): Promise<void> {
  // The roles are this entry point's, whatever RUN_API/RUN_WORKER say; the config's checks follow them.
  const config: AppConfig = loadConfig({ roles: { api: false, worker: true } });
  const logger = createRootLogger(config);
  const app = await createWorkerContext({ config, logger });
  stopOnSignal(() => app.close(), (m) => logger.info(m));
}

main().catch(exitOnStartupError);
