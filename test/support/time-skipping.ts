// The time-skipping test server for workflow tests: Maven's temporal-test-server where Java is
// present (global setup fetched it), otherwise the SDK's own download. The event workflow's search
// attributes are registered on it, as `npm start` registers them on the dev server.
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
 * machine can miss it; the start is tried again, and only the third miss fails the test.
 */
async function startServer(path: string | undefined): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping(path ? { server: { executable: { type: 'existing-path', path } } } : undefined);
    } catch (e) {
      if (attempt >= 3 || !/did not start within/.test(String(e))) throw e;
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
