import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger } from 'pino';
import { PinoTemporalLogger } from '../logging/temporal-logger';

/**
 * Sends the Temporal SDK's logs (worker, workflows, activities, core) to our pino logger. The runtime
 * is a process-wide singleton: when one is already installed (a test harness), it is kept.
 */
export function installTemporalRuntime(logger: Logger): void {
  if (Runtime._instance) return;
  Runtime.install({
    logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });
}
