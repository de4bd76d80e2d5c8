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
  /** Terminates the workflows a test left running, so their timers do not move time for the next. */
  terminateRunning(): Promise<void>;
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
  const terminateRunning = async () => {
    // The test server cannot list workflows; every event started here has its row.
    for (const { workflow_id } of await ds.query<{ workflow_id: string }[]>(`SELECT workflow_id FROM events WHERE status IN ('active', 'postponed')`)) {
      const handle = env.client.workflow.getHandle(workflow_id);
      const status = await handle.describe().then((d) => d.status.name, () => 'NOT_FOUND'); // a row written without a workflow
      if (status === 'RUNNING') await handle.terminate('test finished');
    }
  };
  return {
    env,
    ds,
    taskQueue,
    terminateRunning,
    stop: async () => {
      worker.shutdown();
      await running;
      await ds.destroy();
      await env.teardown();
    },
  };
}
