// One time-skipping environment with a worker running the real activities against a fresh copy of
// the seeded database: what workflow tests share.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { dataSourceOptions } from '../../src/database/data-source';
import { createTestDatabase, servers } from './shared';
import { createTimeSkippingEnv } from './time-skipping';

export interface WorkflowTestBed {
  env: TestWorkflowEnvironment;
  ds: DataSource;
  /** The bed's own database, which `ds` is connected to. */
  databaseUrl: string;
  taskQueue: string;
  /** Terminates the workflows a test left running, so their timers do not move time for the next. */
  terminateRunning(): Promise<void>;
  stop(): Promise<void>;
}

type Handle = ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>;
const { EventType } = temporal.api.enums.v1;

/**
 * Waits until the workflow has no activity and no workflow task outstanding. The test server holds
 * its clock still while one is, and a workflow terminated in that moment never gives the hold back:
 * every later time skip on the server would then run at the speed of the wall clock.
 */
async function untilIdle(handle: Handle): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { raw } = await handle.describe();
    if (!raw.pendingActivities?.length) {
      const events = (await handle.fetchHistory()).events ?? [];
      const last = events[events.length - 1]?.eventType;
      if (last !== EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED && last !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId} stayed busy for 30 s; terminating it now would stop the test server's clock`);
}

type Activities = ReturnType<typeof createActivities>;

/** `wrapActivities` lets a test stand between the workflow and a real activity (to hold it, say). */
export async function startWorkflowTestBed(taskQueue: string, opts: { wrapActivities?: (real: Activities) => Activities } = {}): Promise<WorkflowTestBed> {
  const env = await createTimeSkippingEnv();
  const databaseUrl = await createTestDatabase();
  const ds = await new DataSource(dataSourceOptions(databaseUrl, 4)).initialize();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: servers().workflowBundlePath },
    activities: (opts.wrapActivities ?? ((real) => real))(createActivities({ dataSource: ds, workerIdentity: `${taskQueue}-test` })),
  });
  const running = worker.run();
  const terminateRunning = async () => {
    // The test server cannot list workflows; every event started here has its row.
    for (const { workflow_id } of await ds.query<{ workflow_id: string }[]>(`SELECT workflow_id FROM events WHERE status IN ('active', 'postponed')`)) {
      const handle = env.client.workflow.getHandle(workflow_id);
      const status = await handle.describe().then((d) => d.status.name, () => 'NOT_FOUND'); // a row written without a workflow
      if (status !== 'RUNNING') continue;
      await untilIdle(handle);
      // It may have finished meanwhile (a test that failed while an activity was held, say).
      await handle.terminate('test finished').catch((e: unknown) => {
        if (!(e instanceof WorkflowNotFoundError)) throw e;
      });
    }
  };
  return {
    env,
    ds,
    databaseUrl,
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
