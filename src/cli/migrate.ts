// `npm run migration:run`: applies migrations and seed data to DATABASE_URL, or to the embedded
// PostgreSQL (started for the purpose and stopped again).
import 'reflect-metadata';
import { databaseUrlOf, loadConfig } from '../config/app-config';
import { createRootLogger } from '../logging/logger';
import { provisionLocalServers } from '../infra/provision';
import { migrateAndSeed } from '../database/data-source';
import { exitOnStartupError } from '../startup-error';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config);
  const local = await provisionLocalServers(config, logger, { temporal: false });
  try {
    await migrateAndSeed(
      databaseUrlOf(local.config),
      config.auth,
      (m) => logger.info(m),
    );
  } finally {
    await local.stop();
  }
}

main().then(() => process.exit(0), exitOnStartupError);
