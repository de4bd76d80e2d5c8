// The one configuration object of the product: read once from the environment (and an optional
// .env file), validated, and frozen. A bad value stops start-up with the setting named.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isValid as isIpAddress, parse as parseIp } from 'ipaddr.js';
import { z } from 'zod';
import { projectRoot } from '../infra/project-root';

export const APP_CONFIG = Symbol('APP_CONFIG');

const port = z.coerce.number().int().min(1).max(65535);
/** 0 lets the OS pick a free port (tests). */
const listenPort = z.coerce.number().int().min(0).max(65535);
const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:7233');
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Good for a laptop only: it is in the source, so anyone can sign tokens with it. Production
 *  refuses it, and so does any process listening beyond the loopback interface. */
export const DEV_JWT_SECRET = 'fulian-flow-local-development-secret';

/**
 * The interface to listen on. `[::1]` (an IPv6 address bracketed, as in a URL) is taken as `::1`:
 * listen() wants the bare address; URLs get their brackets back below.
 */
const listenHost = z
  .string()
  .min(1)
  .transform((v, ctx) => {
    if (!v.startsWith('[') && !v.endsWith(']')) return v;
    const inner = /^\[(.*)\]$/.exec(v)?.[1] ?? '';
    if (!isIpAddress(inner) || !inner.includes(':')) {
      ctx.addIssue({ code: 'custom', message: 'brackets are for an IPv6 address, e.g. [::1] or ::1' });
      return z.NEVER;
    }
    return inner;
  });

/** A production secret must resist guessing offline (HS256): at least 32 characters. */
const PRODUCTION_SECRET_MIN = 32;

/** 127.0.0.0/8, ::1 and `localhost`: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare.toLowerCase() === 'localhost') return true;
  if (!isIpAddress(bare)) return false;
  const address = parseIp(bare);
  if (address.kind() === 'ipv6') {
    const v6 = address as ReturnType<typeof parseIp> & { isIPv4MappedAddress(): boolean; toIPv4Address(): ReturnType<typeof parseIp> };
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'loopback';
  }
  return address.range() === 'loopback';
}

/** `10.0.0.1` or `10.0.0.0/8` (`::1`, `fd00::/8`): an address, or a range whose prefix fits its family. */
function isAddressOrRange(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  if (extra !== undefined || !isIpAddress(address)) return false;
  const max = address.includes(':') ? 128 : 32;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
}

/**
 * Express's `trust proxy`: which peers may tell us the client's address in X-Forwarded-For. Unset:
 * none (the socket's address is the client's). A hop count or a list of addresses, subnets or the
 * names loopback/linklocal/uniquelocal; never "trust everyone", which would let any client pick the
 * address its sign-in attempts are counted under.
 */
const trustProxy = z
  .string()
  .trim()
  .refine((v) => !/^(true|yes|\*)$/i.test(v), 'trusting every peer lets any client choose its own address; name the proxy (e.g. loopback, 10.0.0.2) or a hop count')
  .transform((v, ctx): number | string[] | false => {
    if (/^(false|no|0)$/i.test(v)) return false;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.find((e) => !['loopback', 'linklocal', 'uniquelocal'].includes(e) && !isAddressOrRange(e));
    if (bad !== undefined || entries.length === 0) {
      ctx.addIssue({ code: 'custom', message: `expected a hop count or addresses/subnets (e.g. loopback, 10.0.0.0/8)${bad ? `; not one: ${bad}` : ''}` });
      return z.NEVER;
    }
    return entries;
  });

/** Where group robots live. A unit's robot URL must be one of these, with its key (see outbound-policy.ts). */
export const OFFICIAL_WECOM_ROBOT_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
export const OFFICIAL_DINGTALK_ROBOT_URL = 'https://oapi.dingtalk.com/robot/send';

/** A robot endpoint override (local testing): a URL without query, credentials or fragment. */
const robotEndpoint = z
  .url()
  .refine((v) => {
    const u = new URL(v);
    return /^https?:$/.test(u.protocol) && !u.search && !u.hash && !u.username && !u.password;
  }, 'expected an http(s) URL without query, user name or fragment, e.g. http://127.0.0.1:8080/cgi-bin/webhook/send');

/** Addresses or CIDR ranges that outbound calls may reach although they are private (local testing). */
const allowList = z
  .string()
  .trim()
  .transform((v, ctx): string[] => {
    const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.find((e) => !isAddressOrRange(e));
    if (bad !== undefined || entries.length === 0) {
      ctx.addIssue({ code: 'custom', message: `expected addresses or CIDR ranges, e.g. 127.0.0.1 or 10.1.0.0/16${bad ? `; not one: ${bad}` : ''}` });
      return z.NEVER;
    }
    return entries;
  });

/**
 * How long a change of an event's date waits before people are told, so that a burst of changes is
 * told once with the final date: "5m", "90s", "500ms", "1h"; "0s" tells each change at once.
 */
const DURATION_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const dateChangeWindow = z
  .string()
  .regex(/^\d+(ms|s|m|h)$/, 'expected a duration like 5m, 90s or 500ms')
  .transform((v) => {
    const [, n, unit] = /^(\d+)(ms|s|m|h)$/.exec(v)!;
    return Number(n) * DURATION_MS[unit as keyof typeof DURATION_MS];
  })
  .refine((ms) => ms <= 24 * 3_600_000, 'must be at most 24h');

/** Every setting, its environment variable and its local default. The README's table mirrors this. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: listenHost.default('127.0.0.1'),
  PORT: listenPort.default(3000),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  TEMPLATES_DIR: z.string().min(1).optional(),
  TOOLS_DIR: z.string().min(1).default('./.tools'),
  DATABASE_URL: z
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'expected a postgres:// or postgresql:// URL')
    .optional(),
  EMBEDDED_PG_PORT: port.default(5433),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TEMPORAL_ADDRESS: hostPort.optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('fulian-flow'),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.url().optional(),
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(1000),
  RUN_API: flag.default(true),
  RUN_WORKER: flag.default(true),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_JWT_SECRET),
  TOKEN_TTL: z.string().regex(/^\d+[smhd]$/, 'expected a duration like 12h or 30m').default('12h'),
  DEMO_PASSWORD: z.string().min(1).default('demo'),
  SEED_DEMO_USERS: flag.default(true),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(20),
  LOGIN_LOCKOUT_AFTER: z.coerce.number().int().min(2).max(1000).default(5),
  TRUST_PROXY: trustProxy.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  SMTP_URL: z
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'expected an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example:587')
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^(.*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'expected an address, e.g. "重庆市妇联" <noreply@example.org>')
    .default('"重庆市妇联 fulian-flow" <noreply@fulian.example>'),
  MAIL_SINK_PORT: listenPort.default(1025),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
  NOTIFY_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  DATE_CHANGE_NOTICE_WINDOW: dateChangeWindow.default(5 * 60_000),
  WECOM_ROBOT_URL: robotEndpoint.default(OFFICIAL_WECOM_ROBOT_URL),
  DINGTALK_ROBOT_URL: robotEndpoint.default(OFFICIAL_DINGTALK_ROBOT_URL),
  WEBHOOK_ALLOW_HTTP: flag.default(false),
  OUTBOUND_ALLOW_PRIVATE: allowList.optional(),
  // At least 1 KiB (a file smaller is no document); at most 1 GiB, beyond what a form's file is for.
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 ** 3).default(20 * 1024 * 1024),
});

export type AppConfig = Readonly<{
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; publicUrl: string };
  dataDir: string;
  toolsDir: string;
  /** Event templates (YAML), read at start-up by the API. */
  templatesDir: string;
  database: {
    /** Set when PostgreSQL is external; unset means the embedded server under dataDir. */
    url?: string;
    embeddedPort: number;
    poolSize: number;
  };
  temporal: {
    /** Set when Temporal is external; unset means a local dev server is started. */
    address?: string;
    namespace: string;
    taskQueue: string;
    cliPath?: string;
    devPort: number;
    uiPort: number;
    uiUrl?: string;
    /** Workflows a worker keeps in memory between tasks; the rest are replayed from history when they wake. */
    maxCachedWorkflows: number;
  };
  roles: { api: boolean; worker: boolean };
  auth: {
    jwtSecret: string;
    tokenTtl: string;
    demoPassword: string;
    seedDemoUsers: boolean;
    adminPassword?: string;
    /** Sign-in and password-change attempts per client address per minute (per API process). */
    loginRateLimit: number;
    /** Consecutive failed sign-ins of one username before it is locked (1 min, then 5, 15, 60). */
    lockoutAfter: number;
    /** Express `trust proxy`: false (default), a hop count, or the proxies' addresses/subnets. */
    trustProxy: number | string[] | false;
  };
  log: { level: string; format: 'pretty' | 'json' };
  /** Files on tasks and receipts (附件): the largest one accepted (ATTACHMENT_MAX_BYTES). */
  attachments: { maxBytes: number };
  notifications: {
    /** Where email goes; unset: email is off (npm start in development points it at a local sink). */
    smtpUrl?: string;
    mailFrom: string;
    /** Port of the local mail sink `npm start` runs when SMTP_URL is unset outside production. */
    mailSinkPort: number;
    /** Attempts per delivery before it is a dead letter. */
    maxAttempts: number;
    /** First retry after this long, doubling per attempt, at most an hour. */
    backoffMs: number;
    /** How long a dispatcher holds a delivery it is sending before another may take it over. */
    leaseMs: number;
    /** Time limit of one robot or webhook request (and of each SMTP phase). */
    webhookTimeoutMs: number;
    /** A change of an event's date is told after this long, with the date as it then stands (DATE_CHANGE_NOTICE_WINDOW). */
    dateChangeNoticeWindowMs: number;
    /** Where robots and webhooks may send (checked at save, before each send and at connect). */
    outbound: {
      /** The WeCom robot endpoint; the official one except in local tests. */
      wecomUrl: string;
      dingtalkUrl: string;
      /** Plain http:// webhooks (local testing only; production refuses it). */
      allowHttp: boolean;
      /** Private addresses or ranges let through (local testing only; production refuses it). */
      allowPrivate: readonly string[];
    };
  };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** What an entry point fixes itself rather than reads: `start:api` and `start:worker` set the roles. */
export interface ConfigOverrides {
  roles?: { api: boolean; worker: boolean };
}

/** Parses a set of environment variables into the config; throws ConfigError naming each bad setting. */
export function parseConfig(env: Record<string, string | undefined>, overrides: ConfigOverrides = {}): AppConfig {
  // An empty variable means "not set", as shells and compose files often leave them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        return `${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const productionProblems = [
    e.JWT_SECRET === DEV_JWT_SECRET && 'JWT_SECRET: must be set to a secret of your own when NODE_ENV=production',
    e.JWT_SECRET !== DEV_JWT_SECRET && e.JWT_SECRET.length < PRODUCTION_SECRET_MIN &&
      `JWT_SECRET: must be at least ${PRODUCTION_SECRET_MIN} characters when NODE_ENV=production (e.g. \`openssl rand -hex 32\`)`,
    e.SEED_DEMO_USERS && e.DEMO_PASSWORD === 'demo' &&
      'DEMO_PASSWORD: demo accounts with the password "demo" are refused when NODE_ENV=production; set SEED_DEMO_USERS=false (and ADMIN_PASSWORD), or a strong DEMO_PASSWORD',
    // The outbound testing settings open the SSRF guard (see src/notifications/channels/outbound-policy.ts).
    e.WECOM_ROBOT_URL !== OFFICIAL_WECOM_ROBOT_URL && `WECOM_ROBOT_URL: only for local testing; refused when NODE_ENV=production (robots go to ${OFFICIAL_WECOM_ROBOT_URL})`,
    e.DINGTALK_ROBOT_URL !== OFFICIAL_DINGTALK_ROBOT_URL &&
      `DINGTALK_ROBOT_URL: only for local testing; refused when NODE_ENV=production (robots go to ${OFFICIAL_DINGTALK_ROBOT_URL})`,
    e.WEBHOOK_ALLOW_HTTP && 'WEBHOOK_ALLOW_HTTP: plain http:// webhooks are for local testing only; refused when NODE_ENV=production',
    e.OUTBOUND_ALLOW_PRIVATE && 'OUTBOUND_ALLOW_PRIVATE: private addresses are for local testing only; refused when NODE_ENV=production',
  ].filter((p): p is string => typeof p === 'string');
  if (e.NODE_ENV === 'production' && productionProblems.length) throw new ConfigError(productionProblems);
  const roles = overrides.roles ?? { api: e.RUN_API, worker: e.RUN_WORKER };
  // The development secret is public: on an address others can reach, anyone could sign an admin
  // token. Only a process serving the API listens there; a worker alone neither listens nor signs.
  if (roles.api && e.JWT_SECRET === DEV_JWT_SECRET && !isLoopbackHost(e.HOST)) {
    throw new ConfigError([
      `JWT_SECRET: the development secret is refused with HOST=${JSON.stringify(e.HOST)} (not a loopback address: others could reach the API and sign their own tokens); set JWT_SECRET to a secret of your own, or leave HOST unset (127.0.0.1)`,
    ]);
  }
  // A send that could outlive its lease could be taken over and sent twice.
  if (e.WEBHOOK_TIMEOUT_MS * 2 > e.NOTIFY_LEASE_MS) {
    throw new ConfigError([
      `WEBHOOK_TIMEOUT_MS=${JSON.stringify(env.WEBHOOK_TIMEOUT_MS ?? String(e.WEBHOOK_TIMEOUT_MS))}: must be at most half of NOTIFY_LEASE_MS (${e.NOTIFY_LEASE_MS})`,
    ]);
  }
  // An IPv6 address goes in brackets in a URL (HOST=::1 made `http://::1:3000`, which no URL parser takes).
  const localHost = e.HOST === '0.0.0.0' || e.HOST === '127.0.0.1' ? 'localhost' : e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST;
  return Object.freeze({
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL ?? `http://${localHost}:${e.PORT}` },
    dataDir: resolve(e.DATA_DIR),
    toolsDir: resolve(e.TOOLS_DIR),
    templatesDir: e.TEMPLATES_DIR ? resolve(e.TEMPLATES_DIR) : join(projectRoot(), 'templates'),
    database: { url: e.DATABASE_URL, embeddedPort: e.EMBEDDED_PG_PORT, poolSize: e.DB_POOL_SIZE },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cliPath: e.TEMPORAL_CLI_PATH,
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL,
      maxCachedWorkflows: e.TEMPORAL_MAX_CACHED_WORKFLOWS,
    },
    roles,
    auth: {
      jwtSecret: e.JWT_SECRET,
      tokenTtl: e.TOKEN_TTL,
      demoPassword: e.DEMO_PASSWORD,
      seedDemoUsers: e.SEED_DEMO_USERS,
      adminPassword: e.ADMIN_PASSWORD,
      loginRateLimit: e.LOGIN_RATE_LIMIT,
      lockoutAfter: e.LOGIN_LOCKOUT_AFTER,
      trustProxy: e.TRUST_PROXY ?? false,
    },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json') },
    attachments: { maxBytes: e.ATTACHMENT_MAX_BYTES },
    notifications: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      mailSinkPort: e.MAIL_SINK_PORT,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      backoffMs: e.NOTIFY_BACKOFF_MS,
      leaseMs: e.NOTIFY_LEASE_MS,
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
      dateChangeNoticeWindowMs: e.DATE_CHANGE_NOTICE_WINDOW,
      outbound: {
        wecomUrl: e.WECOM_ROBOT_URL,
        dingtalkUrl: e.DINGTALK_ROBOT_URL,
        allowHttp: e.WEBHOOK_ALLOW_HTTP,
        allowPrivate: Object.freeze(e.OUTBOUND_ALLOW_PRIVATE ?? []),
      },
    },
  });
}

let loaded: AppConfig | undefined;

/** The process's config, read once. A `.env` file in the working directory is read first, if present;
 *  variables already set in the environment win over it. */
export function loadConfig(overrides: ConfigOverrides = {}): AppConfig {
  if (!loaded) {
    const envFile = resolve('.env');
    if (existsSync(envFile)) process.loadEnvFile(envFile);
    loaded = parseConfig(process.env, overrides);
  }
  return loaded;
}

/** Fills in the addresses of servers started by this process, once they are known. */
export function withProvisioned(
  config: AppConfig,
  provisioned: { databaseUrl?: string; temporalAddress?: string; temporalUiUrl?: string; smtpUrl?: string },
): AppConfig {
  return Object.freeze({
    ...config,
    notifications: { ...config.notifications, smtpUrl: provisioned.smtpUrl ?? config.notifications.smtpUrl },
    database: { ...config.database, url: provisioned.databaseUrl ?? config.database.url },
    temporal: {
      ...config.temporal,
      address: provisioned.temporalAddress ?? config.temporal.address,
      uiUrl: provisioned.temporalUiUrl ?? config.temporal.uiUrl,
    },
  });
}

/** The database URL a process must use when it provisions nothing itself (split API/worker). */
export function databaseUrlOf(config: AppConfig): string {
  return config.database.url ?? `postgres://postgres:postgres@127.0.0.1:${config.database.embeddedPort}/fulian_flow`;
}

export function temporalAddressOf(config: AppConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devPort}`;
}
