// The self-check's one activity: writes a row into PostgreSQL and reads it back (see
// workflows/self-check.workflow.ts).
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { SelfCheckRecord } from '../workflows/self-check.workflow';

export interface SelfCheckActivities {
  recordSelfCheck(input: { workflowId: string; requestedBy?: string }): Promise<SelfCheckRecord>;
}

export function createSelfCheckActivities(deps: { dataSource: DataSource; workerIdentity: string }): SelfCheckActivities {
  return {
    async recordSelfCheck({ workflowId, requestedBy }) {
      const attempt = Context.current().info.attempt;
      // Keyed by workflow id: a retried attempt finds the row the first one wrote and keeps it.
      await deps.dataSource.query(
        `INSERT INTO system_checks (workflow_id, requested_by, worker_identity, activity_attempt, database_time)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (workflow_id) DO NOTHING`,
        [workflowId, requestedBy ?? null, deps.workerIdentity, attempt],
      );
      const [row] = await deps.dataSource.query<
        { workflow_id: string; requested_by: string | null; worker_identity: string; activity_attempt: number; database_time: Date }[]
      >(
        `SELECT workflow_id, requested_by, worker_identity, activity_attempt, database_time
           FROM system_checks WHERE workflow_id = $1`,
        [workflowId],
      );
      Context.current().log.info('Self-check recorded', { workflowId });
      return {
        workflowId: row.workflow_id,
        requestedBy: row.requested_by,
        workerIdentity: row.worker_identity,
        activityAttempt: row.activity_attempt,
        databaseTime: row.database_time.toISOString(),
      };
    },
  };
}
