// The one configuration object of the product: read once from the environment (and an optional
// .env file), validated, and frozen. A bad value stops start-up with the setting named.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/** Good for a laptop only; production refuses to start with it. */
const DEV_JWT_SECRET = 'fulian-flow-local-development-secret';

/** Every setting, its environment variable and its local default. The README's table mirrors this. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
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
  auth: { jwtSecret: string; tokenTtl: string; demoPassword: string; seedDemoUsers: boolean; adminPassword?: string };
  log: { level: string; format: 'pretty' | 'json' };
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
  };
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses a set of environment variables into the config; throws ConfigError naming each bad setting. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
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
    e.SEED_DEMO_USERS && e.DEMO_PASSWORD === 'demo' &&
      'DEMO_PASSWORD: demo accounts with the password "demo" are refused when NODE_ENV=production; set SEED_DEMO_USERS=false (and ADMIN_PASSWORD), or a strong DEMO_PASSWORD',
  ].filter((p): p is string => typeof p === 'string');
  if (e.NODE_ENV === 'production' && productionProblems.length) throw new ConfigError(productionProblems);
  // A send that could outlive its lease could be taken over and sent twice.
  if (e.WEBHOOK_TIMEOUT_MS * 2 > e.NOTIFY_LEASE_MS) {
    throw new ConfigError([
      `WEBHOOK_TIMEOUT_MS=${JSON.stringify(env.WEBHOOK_TIMEOUT_MS ?? String(e.WEBHOOK_TIMEOUT_MS))}: must be at most half of NOTIFY_LEASE_MS (${e.NOTIFY_LEASE_MS})`,
    ]);
  }
  const localHost = e.HOST === '0.0.0.0' ? 'localhost' : e.HOST;
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
    roles: { api: e.RUN_API, worker: e.RUN_WORKER },
    auth: {
      jwtSecret: e.JWT_SECRET,
      tokenTtl: e.TOKEN_TTL,
      demoPassword: e.DEMO_PASSWORD,
      seedDemoUsers: e.SEED_DEMO_USERS,
      adminPassword: e.ADMIN_PASSWORD,
    },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json') },
    notifications: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      mailSinkPort: e.MAIL_SINK_PORT,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      backoffMs: e.NOTIFY_BACKOFF_MS,
      leaseMs: e.NOTIFY_LEASE_MS,
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
  });
}

let loaded: AppConfig | undefined;

/** The process's config, read once. A `.env` file in the working directory is read first, if present;
 *  variables already set in the environment win over it. */
export function loadConfig(): AppConfig {
  if (!loaded) {
    const envFile = resolve('.env');
    if (existsSync(envFile)) process.loadEnvFile(envFile);
    loaded = parseConfig(process.env);
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
