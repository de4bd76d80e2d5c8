// One time-skipping environment with a worker running the real activities against a fresh copy of
// the seeded database: what workflow tests share.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { dataSourceOptions } from '../../src/database/data-source';
import { createTestDatabase, servers } from './shared';
import { createTimeSkippingEnv } from './time-skipping';

export interface WorkflowTestBed {
  env: TestWorkflowEnvironment;
  ds: DataSource;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startWorkflowTestBed(taskQueue: string): Promise<WorkflowTestBed> {
  const env = await createTimeSkippingEnv();
  const ds = await new DataSource(dataSourceOptions(await createTestDatabase(), 4)).initialize();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: servers().workflowBundlePath },
    activities: createActivities({ dataSource: ds, workerIdentity: `${taskQueue}-test` }),
  });
  const running = worker.run();
  return {
    env,
    ds,
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
      await ds.destroy();
      await env.teardown();
    },
  };
}
