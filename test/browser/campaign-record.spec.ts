// An archived campaign's page in a real browser, in Chinese: its 归档记录 card (archive date, SHA-256)
// and the 校验 button, which passes, then fails once the stored record is changed behind its trigger.
// The campaign is stopped and marked archived in the read model, its record frozen by the workflow's
// own code (test/integration/campaign-workflow.spec.ts archives one through a whole year).
import { DataSource } from 'typeorm';
import { freezeCampaignRecord } from '../../src/campaigns/campaign-record';
import { apiClient } from '../support/api-client';
import { expectAccessible } from '../support/axe';
import { browserSession } from '../support/browser';
import { startTestApp, type TestApp } from '../support/shared';

jest.setTimeout(300_000);

let app: TestApp;
const { launch, signIn, close, problems, screenshotOpenPages } = browserSession(() => app.baseUrl, 'campaign-record');
const { api, as } = apiClient(() => app.baseUrl);
let id = '';

beforeAll(async () => {
  await launch();
  app = await startTestApp();
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;
  const started = await api<{ id: string }>(await as('organiser-family-children'), 'POST', '/campaigns', { templateCode: 'clean-family-campaign', year });
  expect(started.status).toBe(201);
  id = started.body.id;
  expect((await api(await as('head-family-children'), 'POST', `/campaigns/${id}/cancel`, { reason: '测试归档记录' })).status).toBe(200);
  const db = app.app.get(DataSource);
  for (let i = 0; i < 100; i++) {
    const [row] = await db.query<{ status: string }[]>('SELECT status FROM campaigns WHERE id = $1', [id]);
    if (row.status === 'cancelled') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await db.transaction(async (m) => {
    await m.query("UPDATE campaigns SET status = 'archived', archived_at = now() WHERE id = $1", [id]);
    await freezeCampaignRecord(m, id);
  });
});
afterEach(() => screenshotOpenPages());
afterAll(async () => {
  await close();
  await app?.close();
});

it('shows the record on the campaign page to a district liaison, and 校验 passes, then fails once the record is changed', async () => {
  const sha256 = (await api<{ record: { sha256: string } }>(await as('liaison-yuzhong'), 'GET', `/campaigns/${id}`)).body.record.sha256;
  const page = await signIn('liaison-yuzhong');
  await page.goto(`${app.baseUrl}/campaigns/${id}`);
  const card = page.getByTestId('archive-card');
  await card.getByText('归档记录').first().waitFor();
  await card.getByText(sha256).waitFor();
  await card.getByRole('button', { name: /校\s*验/ }).click();
  await card.getByText('校验通过').waitFor();
  await card.getByText('重新计算的 SHA-256 与归档时一致').waitFor();
  await expectAccessible(page, 'the archived campaign page');

  await app.app.get(DataSource).transaction(async (m) => {
    await m.query('SET LOCAL session_replication_role = replica');
    await m.query(`UPDATE campaigns SET record_text = replace(record_text, '"year":', '"year":1') WHERE id = $1`, [id]);
  });
  await card.getByRole('button', { name: /校\s*验/ }).click();
  await card.getByText('校验失败').waitFor();
  await card.getByText('存储的记录或文件与归档时不一致：归档记录').waitFor();
  expect(problems).toEqual([]);
});
