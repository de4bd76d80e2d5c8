// What test files share: the servers global setup started, a fresh database per file, and the
// whole application booted against them.
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { parseConfig, type AppConfig } from '../../src/config/app-config';
import { createApi } from '../../src/bootstrap';
import { testLogger } from './logger';

export const TEMPLATE_DATABASE = 'fulian_template';

export interface SharedServers {
  dir: string;
  /** The migrated and seeded template database; tests get copies of it. */
  databaseUrl: string;
  temporalAddress: string;
  /** The time-skipping test server executable, or undefined where Java/Maven are missing. */
  testServerPath?: string;
  workflowBundlePath: string;
  toolsDir: string;
  /** An initialised, stopped cluster for tests that take PostgreSQL away (see pg-ctl.ts). */
  outagePostgres: { dir: string; port: number; url: string };
}

/**
 * What global setup started for the layers of this run. A test file of the unit layer has none; one
 * of the workflow layer has no Temporal dev server and no outage cluster (jest.config.js says which
 * file is in which layer): asking for what is missing names the layer to move the file to.
 */
export function servers(): SharedServers {
  const raw = process.env.FULIAN_TEST_SERVERS;
  if (!raw) {
    throw new Error(
      'The test servers are not running: this file is in the unit layer, which starts none (jest.config.js), or was run outside Jest (`npm test`, `npx jest <file>`)',
    );
  }
  const started = JSON.parse(raw) as Partial<SharedServers>;
  return new Proxy(started as SharedServers, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (value === undefined && typeof key === 'string' && key in SERVER_PARTS) {
        throw new Error(`servers().${key}: not started for this test file's layer (${SERVER_PARTS[key]}); move the file to the system project in jest.config.js`);
      }
      return value;
    },
  });
}

/** The parts only the system layer starts. */
const SERVER_PARTS: Record<string, string> = {
  temporalAddress: 'the Temporal dev server runs for the system layer only',
  outagePostgres: 'the outage cluster is made for the system layer only',
};

/** A fresh database copied from the migrated template: each test file starts from the same state. */
export async function createTestDatabase(): Promise<string> {
  const template = new URL(servers().databaseUrl);
  const name = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: withDatabase(template, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return withDatabase(template, name);
}

function withDatabase(url: URL, database: string): string {
  const copy = new URL(url.toString());
  copy.pathname = `/${database}`;
  return copy.toString();
}

/** The product's config for a test, pointed at the shared servers, on a task queue of its own. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const s = servers();
  return parseConfig({
    NODE_ENV: 'test',
    // HOST is left to its default (127.0.0.1), so every test runs the default binding.
    PORT: '0',
    // Test files sign in as many users as they need from one address; the throttling test sets its own limit.
    LOGIN_RATE_LIMIT: '100000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal',
    LOG_FORMAT: 'json',
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    ...overrides,
  });
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  close(): Promise<void>;
}

/** Boots the whole application (API and, by default, a worker) on a free port. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = overrides.DATABASE_URL ?? (await createTestDatabase());
  const config = testConfig({ DATABASE_URL: databaseUrl, ...overrides });
  const app = await createApi({
    config,
    logger: testLogger(),
    workflows: { workflowBundle: { codePath: servers().workflowBundlePath } },
  });
  const address = app.getHttpServer().address() as { port: number };
  return { app, config, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
