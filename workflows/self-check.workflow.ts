// The platform self-check: one activity that writes through TypeORM into PostgreSQL. An operator runs
// it after a deployment to prove that API, Temporal, a worker and the database are wired together.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SelfCheckActivities } from '../activities/self-check.activities';

const { recordSelfCheck } = proxyActivities<SelfCheckActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface SelfCheckInput {
  requestedBy?: string;
}

/** What the self-check's activity wrote, as the workflow returns it and the API shows it. */
export interface SelfCheckRecord {
  workflowId: string;
  requestedBy: string | null;
  workerIdentity: string;
  activityAttempt: number;
  databaseTime: string;
}

export async function selfCheckWorkflow(input: SelfCheckInput): Promise<SelfCheckRecord> {
  return recordSelfCheck({ workflowId: workflowInfo().workflowId, requestedBy: input.requestedBy });
}
