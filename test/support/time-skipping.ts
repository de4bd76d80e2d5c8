// The time-skipping test server for workflow tests: Maven's temporal-test-server where Java is
// present (global setup fetched it), otherwise the SDK's own download.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { servers } from './shared';

export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = servers().testServerPath;
  return TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : undefined,
  );
}
