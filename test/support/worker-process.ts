// A worker as its own OS process, for tests that crash it: the same Nest application context as
// `npm run start:worker` (Temporal worker and outbox dispatcher), configured like every test app.
// Run through `spawnWorkerProcess`, which compiles TypeScript on the fly with SWC, as Jest does.
import 'reflect-metadata';
import { createWorkerContext } from '../../src/bootstrap';
import { testLogger } from './logger';
import { servers, testConfig } from './shared';

async function main(): Promise<void> {
  const overrides = JSON.parse(process.env.FULIAN_WORKER_OVERRIDES ?? '{}') as Record<string, string>;
  const config = testConfig({ RUN_API: 'false', RUN_WORKER: 'true', ...overrides });
  const app = await createWorkerContext({
    config,
    logger: testLogger(),
    workflows: { workflowBundle: { codePath: servers().workflowBundlePath } },
  });
  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
  process.stdout.write('READY\n');
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
