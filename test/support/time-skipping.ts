// The time-skipping test server for workflow tests: Maven's temporal-test-server where Java is
// present (global setup fetched it), otherwise the SDK's own download. The event workflow's search
// attributes are registered on it, as `npm start` registers them on the dev server.
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { servers } from './shared';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * The SDK gives the server 5 s to listen (a fixed limit in its core). A JVM on a loaded 2-core
 * machine can miss it; the start is tried again after a pause that grows, so a burst of other
 * suites' setup passes, and only the sixth miss fails the test.
 */
async function startServer(path: string | undefined): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping(path ? { server: { executable: { type: 'existing-path', path } } } : undefined);
    } catch (e) {
      if (attempt >= 6 || !/did not start within/.test(String(e))) throw e;
      await new Promise((resolve) => setTimeout(resolve, attempt * 2000));
    }
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startServer(servers().testServerPath);
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, INDEXED[k.type]])),
  });
  return env;
}

/**
 * Until the event's workflow has nothing in flight. Skipping the clock while an activity runs
 * times it out (its start-to-close passes in an instant) and sends it into retry backoff at real
 * speed, so the clock is only skipped once the workflow has settled; an activity already in
 * backoff is skipped to.
 */
export async function settleWorkflow(env: TestWorkflowEnvironment, workflowId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowId);
  for (let look = 0; look < 1200; look++) {
    const { raw } = await handle.describe();
    const pending = raw.pendingActivities ?? [];
    // Between an activity's end and the next one's start, the workflow has a task to run.
    if (!pending.length && !raw.pendingWorkflowTask) return;
    const now = await env.currentTimeMs();
    const retries = pending.map((p) => optionalTsToMs(p.nextAttemptScheduleTime)).filter((ms): ms is number => ms !== undefined && ms > now);
    if (retries.length === pending.length) await env.sleep(Math.min(...retries) - now + 100);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${workflowId}: activities still pending after a minute`);
}
