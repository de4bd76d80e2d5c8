// Structured JSON logs (pino), pretty-printed in a terminal. One root logger per process, shared by
// the start-up code, NestJS (nestjs-pino) and the Temporal runtime.
import pino, { type Logger, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config/app-config';

let root: Logger | undefined;

const REDACTED = '[redacted]';

/**
 * Where a secret sits in what is logged: the login token of every request, cookies both ways, and
 * any headers object logged under another name (an error with its request). Censored by pino as it
 * writes, whichever logger writes.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
];

/**
 * Secrets carried in a URL: the calendar feed's token (/api/calendar/<token>.ics, the token is the
 * whole credential) and query parameters named like a credential (robot keys, access tokens,
 * DingTalk signatures).
 */
const SECRET_NAME = /^(?:key|token|access_token|sign|secret|password|signature)$/i;
const SECRET_QUERY = /([?&](?:key|token|access_token|sign|secret|password|signature)=)[^&#]*/gi;
const CALENDAR_TOKEN = /(\/api\/calendar\/)[^/?#]+?(\.ics)?(?=$|[?#/])/i; // routes match case-insensitively, so must this

/** A URL (or path) as it may be logged: its secrets replaced. */
export function redactUrl(url: string): string {
  return url.replace(CALENDAR_TOKEN, (_m, prefix: string, ics: string | undefined) => `${prefix}${REDACTED}${ics ?? ''}`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

interface SerializedRequest {
  url?: string;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * pino-http's request as logged: its URL and credential-like query values censored, and no
 * `params` — at the logging middleware they are only the URL's path split up (`{*path}`), token
 * included.
 */
export function redactRequest(req: SerializedRequest): SerializedRequest {
  const query = req.query && typeof req.query === 'object' ? req.query : undefined;
  // Copies, never the request's own objects: the route still reads its query.
  return Object.assign(req, {
    ...(typeof req.url === 'string' ? { url: redactUrl(req.url) } : {}),
    params: undefined,
    query: query && Object.fromEntries(Object.entries(query).map(([k, v]) => [k, SECRET_NAME.test(k) ? REDACTED : v])),
  });
}

/** The redaction both the root logger and the request logger (nestjs-pino, given any logger) apply. */
export const redaction: Pick<LoggerOptions, 'redact'> = { redact: { paths: REDACT_PATHS, censor: REDACTED } };

export function createRootLogger(config: AppConfig): Logger {
  if (root) return root;
  root = pino({
    level: config.log.level,
    base: { service: 'fulian-flow' },
    ...redaction,
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
