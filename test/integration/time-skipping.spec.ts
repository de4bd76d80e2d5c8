// Workflows on the time-skipping test server with the real activities and a real PostgreSQL.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { dataSourceOptions } from '../../src/database/data-source';
import { findOnPath } from '../../src/infra/tools';
import { selfCheckWorkflow } from '../../workflows/self-check.workflow';
import { createTestDatabase, servers } from '../support/shared';
import { createTimeSkippingEnv } from '../support/time-skipping';

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    dataSource = await new DataSource(dataSourceOptions(await createTestDatabase(), 2)).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await env?.teardown();
  });

  it('is the test server fetched with Maven wherever Java and Maven are installed', () => {
    // A silent fallback to the SDK's download would hide a broken setup on machines that have them.
    if (findOnPath('java') && findOnPath('mvn')) expect(servers().testServerPath).toMatch(/temporal-test-server$/);
    else expect(servers().testServerPath).toBeUndefined();
  });

  it('runs a workflow whose activity writes through TypeORM into PostgreSQL', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'time-skipping',
      workflowBundle: { codePath: servers().workflowBundlePath },
      activities: createActivities({ dataSource, workerIdentity: 'time-skipping-test' }),
    });
    const result = await worker.runUntil(
      env.client.workflow.execute(selfCheckWorkflow, {
        workflowId: 'self-check-time-skipping',
        taskQueue: 'time-skipping',
        args: [{ requestedBy: 'jest' }],
      }),
    );
    expect(result).toMatchObject({ workflowId: 'self-check-time-skipping', requestedBy: 'jest', workerIdentity: 'time-skipping-test' });
    const rows = await dataSource.query<unknown[]>('SELECT requested_by FROM system_checks WHERE workflow_id = $1', [
      'self-check-time-skipping',
    ]);
    expect(rows).toEqual([{ requested_by: 'jest' }]);
  });
});
