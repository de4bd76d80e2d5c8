// The wiring end to end: API → Temporal → worker → activity → PostgreSQL → API, on real servers.
import { Client } from 'pg';
import { login, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/shared';

describe('platform wiring', () => {
  let t: TestApp;
  let admin: Session; // the self-check routes are admin-only

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t.baseUrl, 'admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports database, Temporal and the worker up on /health', async () => {
    const res = await fetch(`${t.baseUrl}/health`);
    const body = (await res.json()) as { status: string; details: Record<string, { status: string }> };
    expect(res.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details.database.status).toBe('up');
    expect(body.details.temporal.status).toBe('up');
    expect(body.details.worker).toMatchObject({ status: 'up', state: 'RUNNING' });
  });

  it('runs a workflow whose activity writes to PostgreSQL, and reads the row back through the API', async () => {
    const run = await fetch(`${t.baseUrl}/api/system/self-check`, { method: 'POST', headers: admin.headers });
    expect(run.status).toBe(201);
    const written = (await run.json()) as { workflowId: string; requestedBy: string; workerIdentity: string; activityAttempt: number };
    expect(written.workflowId).toMatch(/^self-check-/);
    expect(written.requestedBy).toBe('admin');
    expect(written.workerIdentity).toContain(String(process.pid));
    expect(written.activityAttempt).toBe(1);

    const read = await fetch(`${t.baseUrl}/api/system/self-check/${written.workflowId}`, { headers: admin.headers });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(written);

    // and the row is really in PostgreSQL, once
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    const { rows } = await db.query('SELECT worker_identity FROM system_checks WHERE workflow_id = $1', [written.workflowId]);
    await db.end();
    expect(rows).toEqual([{ worker_identity: written.workerIdentity }]);
  });

  it('answers 404 naming an unknown self-check', async () => {
    const res = await fetch(`${t.baseUrl}/api/system/self-check/self-check-nope`, { headers: admin.headers });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: unknown }).message).toEqual({ 'zh-CN': expect.stringContaining('self-check-nope'), en: expect.stringContaining('self-check-nope') });
  });

  it('serves the OpenAPI document', async () => {
    const res = await fetch(`${t.baseUrl}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/api/system/self-check']));
  });
});
