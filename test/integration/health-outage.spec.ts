// /health under outages: a Temporal server or a PostgreSQL of its own is stopped under the running
// application and started again; the answer turns 503 naming the part, then back to 200.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitUntil } from '../../src/infra/net';
import { startTemporalDevServer, type TemporalServerHandle } from '../../src/infra/temporal-dev-server';
import { login } from '../support/auth';
import { testLogger } from '../support/logger';
import { pgCtl } from '../support/pg-ctl';
import { servers, startTestApp, type TestApp } from '../support/shared';

interface Health {
  status: string;
  error: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string }>;
}

describe('/health when a server goes away', () => {
  const logger = testLogger();
  let dir: string;
  let temporalPort: number;
  let temporal: TemporalServerHandle;
  let t: TestApp;

  const pg = servers().outagePostgres;
  // File-backed, like `npm start`: a restart keeps the namespace and what ran before.
  const startTemporal = () =>
    startTemporalDevServer({
      dataDir: dir,
      toolsDir: servers().toolsDir,
      port: temporalPort,
      uiPort: 0,
      namespace: 'default',
      logger,
      headless: true,
    });

  async function health(): Promise<{ status: number; body: Health }> {
    const res = await fetch(`${t.baseUrl}/health`);
    return { status: res.status, body: (await res.json()) as Health };
  }
  const becomes = (status: number) =>
    waitUntil(`/health to answer ${status}`, async () => (await health()).status === status, { timeoutMs: 60_000, intervalMs: 500 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fulian-outage-'));
    chmodSync(dir, 0o755);
    temporalPort = await freePort();
    pgCtl('start', pg);
    temporal = await startTemporal();
    // The app's own tables are not needed here: /health only pings.
    t = await startTestApp({ DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address });
  });
  afterAll(async () => {
    await t?.close();
    await temporal?.stop();
    pgCtl('stop', pg);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is 200 with everything up', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
  });

  it('names Temporal while its server is down, and recovers when it is back', async () => {
    await temporal.stop();
    await becomes(503);
    const { body } = await health();
    expect(body.status).toBe('error');
    expect(Object.keys(body.error)).toContain('temporal');
    expect(body.error.temporal.message).toMatch(/Temporal unreachable/);
    expect(body.details.database.status).toBe('up');

    temporal = await startTemporal();
    await becomes(200);
    expect((await health()).body.details.worker.status).toBe('up');
  });

  it('names the database while PostgreSQL is down, and recovers when it is back', async () => {
    const { headers } = await login(t.baseUrl, 'organiser-family-children');
    pgCtl('stop', pg);
    await becomes(503);
    const { body } = await health();
    expect(Object.keys(body.error)).toEqual(['database']);
    expect(body.details.temporal.status).toBe('up');
    // A signed-in person meanwhile is told to try again shortly (503), not that the server broke.
    const list = await fetch(`${t.baseUrl}/api/events`, { headers });
    expect(list.status).toBe(503);
    expect(((await list.json()) as { code: string; message: { 'zh-CN': string; en: string } }).message['zh-CN']).toContain('数据库暂时无法访问');

    pgCtl('start', pg);
    await becomes(200);
  });
});
