// The Temporal SDK logs every worker state change at INFO, and its core logs every retried poll
// while a test has a server down on purpose; tests keep errors only (TEST_LOG_LEVEL overrides).
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';

const level = (process.env.TEST_LOG_LEVEL?.toUpperCase() ?? 'ERROR') as LogLevel;
Runtime.install({
  logger: new DefaultLogger(level),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level }) } },
});
