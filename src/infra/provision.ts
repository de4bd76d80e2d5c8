// Starts what the config does not point at elsewhere: an embedded PostgreSQL when DATABASE_URL is
// unset, a Temporal dev server when TEMPORAL_ADDRESS is unset, and — outside production, when
// SMTP_URL is unset — a local mail sink that keeps every email as a file under data/mail.
import { join } from 'node:path';
import type { Logger } from 'pino';
import { withProvisioned, type AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startMailSink, type MailSinkHandle } from './mail-sink';
import { startTemporalDevServer, type TemporalServerHandle } from './temporal-dev-server';

export interface Provisioned {
  config: AppConfig;
  temporal?: TemporalServerHandle;
  embeddedPostgres: boolean;
  /** The embedded cluster's folder: DATA_DIR/postgres, or where it went when that is out of reach. */
  postgresDir?: string;
  mailSink?: MailSinkHandle;
  /** Stops what was started, in reverse order. */
  stop: () => Promise<void>;
}

export async function provisionLocalServers(
  config: AppConfig,
  logger: Logger,
  what: { temporal: boolean; mail?: boolean } = { temporal: true, mail: true },
): Promise<Provisioned> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: Error) => logger.warn({ err }, 'Stopping a local server failed'));
  };
  try {
    let databaseUrl: string | undefined;
    let postgresDir: string | undefined;
    if (!config.database.url) {
      const pg = await startEmbeddedPostgres({
        dir: join(config.dataDir, 'postgres'),
        port: config.database.embeddedPort,
        database: 'fulian_flow',
        logger,
      });
      stops.push(async () => {
        await pg.stop();
        logger.info('Embedded PostgreSQL stopped');
      });
      databaseUrl = pg.url;
      postgresDir = pg.dir;
      logger.info({ port: pg.port, dir: pg.dir }, 'Embedded PostgreSQL running');
    }
    let temporal: TemporalServerHandle | undefined;
    if (what.temporal && !config.temporal.address) {
      temporal = await startTemporalDevServer({
        dataDir: config.dataDir,
        toolsDir: config.toolsDir,
        cliPath: config.temporal.cliPath,
        port: config.temporal.devPort,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        logger,
      });
      const devServer = temporal;
      stops.push(async () => {
        await devServer.stop();
        logger.info('Temporal dev server stopped');
      });
      logger.info({ address: temporal.address, source: temporal.source }, 'Temporal dev server running');
    }
    let mailSink: MailSinkHandle | undefined;
    if (what.mail && config.roles.worker && !config.notifications.smtpUrl && config.env !== 'production') {
      mailSink = await startMailSink({ dir: join(config.dataDir, 'mail'), port: config.notifications.mailSinkPort, logger });
      stops.push(mailSink.stop);
      logger.info({ port: mailSink.port, dir: mailSink.dir }, 'Local mail sink running');
    }
    return {
      config: withProvisioned(config, {
        databaseUrl,
        temporalAddress: temporal?.address,
        temporalUiUrl: temporal?.uiUrl,
        smtpUrl: mailSink?.url,
      }),
      temporal,
      embeddedPostgres: databaseUrl !== undefined,
      postgresDir,
      mailSink,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
