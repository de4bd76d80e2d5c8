// The workflow layer's global setup (jest.config.js): PostgreSQL, the time-skipping test server and
// the workflow bundle, without the servers of the whole application. A run that has system tests
// too shares what this layer needs with them (test/support/global-setup.ts starts each part once).
import { setUpLayer, WORKFLOW_LAYER } from './global-setup';

export default function workflowGlobalSetup(): Promise<void> {
  return setUpLayer('workflow', WORKFLOW_LAYER);
}
