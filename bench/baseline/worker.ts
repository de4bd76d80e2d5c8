// The baseline worker, its own process like the product's worker: the bench measures bare Temporal
// on the same servers. Started by bench/servers.ts; prints READY once polling.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { baselineActivities } from './activities';

export const BASELINE_TASK_QUEUE = 'bench-baseline';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: BASELINE_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities: baselineActivities,
  });
  const running = worker.run();
  process.once('SIGTERM', () => worker.shutdown());
  process.stdout.write('READY\n');
  await running;
  await connection.close();
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
