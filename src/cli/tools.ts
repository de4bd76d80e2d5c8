// `npm run tools`: builds or fetches ahead of time what `npm start` and `npm test` would otherwise
// provision on their first run: the Temporal CLI, the time-skipping test server, Schemathesis (the
// API fuzzer), and Chromium with CJK fonts for the browser tests.
import { loadConfig } from '../config/app-config';
import { createRootLogger } from '../logging/logger';
import { ensureBrowser, ensureSchemathesis, ensureTemporalCli, ensureTestServer } from '../infra/tools';
import { exitOnStartupError } from '../startup-error';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config);
  const cli = await ensureTemporalCli({ cliPath: config.temporal.cliPath, toolsDir: config.toolsDir, logger });
  logger.info(cli ? `Temporal CLI: ${cli.path} (${cli.source})` : 'Temporal CLI: unavailable (no Go); the SDK download will be tried');
  const testServer = await ensureTestServer({ toolsDir: config.toolsDir, logger });
  logger.info(testServer ? `Time-skipping test server: ${testServer}` : 'Test server: unavailable (no Java/Maven); the SDK download will be tried');
  const fuzzer = await ensureSchemathesis({ toolsDir: config.toolsDir, logger });
  if ('path' in fuzzer) logger.info(`Schemathesis: ${fuzzer.path} (${fuzzer.source})`);
  else logger.warn(`Schemathesis: unavailable: ${fuzzer.unavailable}. The API fuzz tests (test/fuzz) will fail until it is installed`);
  const browser = await ensureBrowser({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', logger });
  if (browser.ready) logger.info(`Chromium and CJK fonts: ${browser.installed ? 'installed' : 'present'}`);
}

main().then(() => process.exit(0), exitOnStartupError);
