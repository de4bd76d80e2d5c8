// Structured JSON logs (pino), pretty-printed in a terminal. One root logger per process, shared by
// the start-up code, NestJS (nestjs-pino) and the Temporal runtime.
import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

let root: Logger | undefined;

export function createRootLogger(config: AppConfig): Logger {
  if (root) return root;
  root = pino({
    level: config.log.level,
    base: { service: 'fulian-flow' },
    timestamp: pino.stdTimeFunctions.isoTime,
    transport:
      config.log.format === 'pretty'
        ? {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
          }
        : undefined,
  });
  return root;
}

/** Workflow ids of events are `event-<eventId>`; logs carry the event id beside the workflow id. */
export function eventIdOfWorkflow(workflowId: unknown): string | undefined {
  return typeof workflowId === 'string' && workflowId.startsWith('event-') ? workflowId.slice(6) : undefined;
}
