// 目标管理 in a real browser, in Chinese. A campaign is started and allocated through the API and the
// real workflows (the allocation signed off, its notice acknowledged by the 40 districts), its
// reporting calendar moved around today (test/support/campaign-calendar.ts); 渝中区's
// liaison has sent its earlier period, short of its targets. Then the liaison reports the current
// period on its unit page with a photo, the comment rule showing as a running total goes down; the
// department head sees 渝中区 behind target on the campaign page (tag, bars, table), downloads the
// roll-up, and both pages pass axe and fit a 390 px phone; starting the same campaign twice is refused,
// and the head cancels it with a reason.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { SEED_UNITS } from '../../src/org/org.seed-data';
import type { CampaignTarget } from '../../workflows/campaign-types';
import type { ReportingPeriod } from '../../workflows/campaign/periods';
import { elapsedShare } from '../../workflows/campaign/standing';
import { evenAllocation } from '../support/allocation-fixtures';
import { apiClient } from '../support/api-client';
import { expectAccessible } from '../support/axe';
import { assertLooksFinished, browserTestFile, PHONE, watchProblems } from '../support/browser';
import { behindShare, templatesWithCalendarAround } from '../support/campaign-calendar';
import { until } from '../support/until';

jest.setTimeout(600_000);

const TEMPLATE = 'clean-family-campaign';
/** A first period past due, the current one under way, at least half the span elapsed: on any day (last year's on 1 January). */
const { templatesDir, year } = templatesWithCalendarAround(TEMPLATE);
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const { signIn, problems, baseUrl } = browserTestFile('campaigns', { TEMPLATES_DIR: templatesDir });
const { api, as } = apiClient(baseUrl);

const ORGANISER = 'organiser-family-children';
const SIGNERS = ['head-family-children', 'vice-chair-2'];
const YUZHONG = 'district-yuzhong';
const DISTRICTS = SEED_UNITS.filter((u) => u.kind === 'district').map((u) => ({ code: u.code, name: u.nameZh }));
const liaisonOf = (unitCode: string) => unitCode.replace(/^district-/, 'liaison-');

interface Refusal {
  message: { 'zh-CN': string; en: string };
}

const NOT_OPEN = '该单位的报送尚未开放，请稍后再试';

interface Detail {
  id: string;
  title: string;
  status: string;
  allocationEventId: string | null;
  targets: CampaignTarget[];
  periods: ReportingPeriod[];
}

let campaign: Detail;
/** 渝中区's figure per target: short of what the time elapsed calls for, but more than half of it (滞后, not 预警). */
let behindFigures: Record<string, number>;
let allocation: Record<string, Record<string, number>>;
/** The period under way: the one the liaison reports in the browser. */
let current: ReportingPeriod;

/** 任务分解 as the people who do it: the organiser's table, both sign-offs, then 签收 by every district. */
async function allocate(eventId: string): Promise<void> {
  const organiser = await as(ORGANISER);
  const task = await until('the allocation task', async () => (await api<{ items: { id: string }[] }>(organiser, 'GET', `/tasks?eventId=${eventId}`)).body.items[0]);
  expect((await api(organiser, 'POST', `/tasks/${task.id}/complete`, { values: { allocation } })).status).toBe(200);
  for (const signer of SIGNERS) {
    const who = await as(signer);
    const signOff = await until(`${signer}'s sign-off`, async () => (await api<{ items: { id: string }[] }>(who, 'GET', `/tasks?eventId=${eventId}`)).body.items[0]);
    expect((await api(who, 'POST', `/tasks/${signOff.id}/approve`, {})).status).toBe(200);
  }
  for (const unit of DISTRICTS) {
    const liaison = await as(liaisonOf(unit.code));
    await until(`the notice to ${unit.code}`, async () => {
      const ack = await api(liaison, 'POST', `/events/${eventId}/notices/issue-targets/acknowledge`, { values: {} });
      return ack.status === 200 ? true : undefined;
    });
  }
}

beforeAll(async () => {
  const organiser = await as(ORGANISER);
  const targets = (await api<{ code: string; targets: CampaignTarget[] }[]>(organiser, 'GET', '/campaign-templates')).body.find((t) => t.code === TEMPLATE)!.targets;
  allocation = evenAllocation(targets, DISTRICTS);
  const started = await api<{ id: string }>(organiser, 'POST', '/campaigns', { templateCode: TEMPLATE, year });
  expect(started.status).toBe(201);
  const eventId = await until('the allocation event', async () => (await api<Detail>(organiser, 'GET', `/campaigns/${started.body.id}`)).body.allocationEventId ?? undefined);
  await allocate(eventId);
  campaign = await until('the campaign to run', async () => {
    const detail = (await api<Detail>(organiser, 'GET', `/campaigns/${started.body.id}`)).body;
    return detail.status === 'running' ? detail : undefined;
  });

  const share = behindShare(elapsedShare(campaign.periods, Date.now()));
  behindFigures = Object.fromEntries(campaign.targets.map((t) => [t.key, Math.round(allocation[YUZHONG][t.key] * share)]));
  // Every period begun but the last, sent as the liaison would: the figure so far at its end.
  const liaison = await as(liaisonOf(YUZHONG));
  const begun = campaign.periods.filter((p) => p.startsOn <= today);
  const report = (periodIndex: number) => api(liaison, 'POST', `/campaigns/${campaign.id}/units/${YUZHONG}/reports`, { periodIndex, figures: behindFigures });
  current = begun[begun.length - 1];
  // The read model says "running" just before the unit workflows are started (in batches), and a
  // report to one not yet there is answered "not open yet": the first report waits for 渝中区's.
  const [firstPeriod, ...later] = begun.slice(0, -1);
  const sent = [await until('渝中区 to take reports', async () => {
    const reply = await report(firstPeriod.index);
    return reply.status === 409 && (reply.body as Refusal).message['zh-CN'] === NOT_OPEN ? undefined : reply;
  })];
  for (const period of later) sent.push(await report(period.index));
  expect(sent.map((r) => r.status)).toEqual(sent.map(() => 200));
});

/** What the browser logs for a refusal the tests provoke. */
const REFUSED_UPLOAD = 'console error: Failed to load resource: the server responded with a status of 400';
const REFUSED_CONFLICT = 'console error: Failed to load resource: the server responded with a status of 409';

/** The list opens on this year; the campaign is last year's on 1 January (test/support/campaign-calendar.ts). */
async function pickCampaignYear(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: '选择年度' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${year}年$`) }).click();
}

/** The page once its data and its lazily loaded parts are in. */
async function settled(page: Page): Promise<void> {
  await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
}

it('a liaison reports the current period with a photo on its unit page', async () => {
  const page = await signIn(liaisonOf(YUZHONG));
  watchProblems(page, problems);
  await page.getByRole('menuitem', { name: '目标任务' }).click();
  await pickCampaignYear(page);
  await page.getByRole('link', { name: campaign.title }).click();
  await page.getByRole('heading', { name: '渝中区妇联 · 目标任务' }).waitFor();
  await settled(page);
  await page.getByTestId('due-next').waitFor();

  const form = page.locator('form');
  const [first, second] = campaign.targets;
  const input = (t: CampaignTarget) => form.locator('.ant-form-item').filter({ hasText: t.name['zh-CN'] }).locator('input');
  // A running total that goes down needs a comment: the form says so as it is typed, in Chinese.
  await input(first).fill(String(behindFigures[first.key] - 1));
  const drop = form.getByText(/累计数由 .* 降为 .*，须填写说明/);
  await drop.waitFor();
  await input(first).fill(String(behindFigures[first.key]));
  await input(second).fill(String(behindFigures[second.key]));
  await drop.waitFor({ state: 'detached' });

  // The server tells a file by its content, and its refusal is shown in Chinese beside the file.
  await form.locator('input[type="file"]').setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all') });
  await form.getByRole('alert').filter({ hasText: /现场照片\.jpg 未上传：.*文件内容不是可接受的类型/ }).waitFor();
  await form.locator('.ant-upload-list-item').filter({ hasText: '现场照片.jpg' }).getByRole('button', { name: /删除|remove/i }).click();
  // A real JPEG, as a phone's camera would give: a shot of the page itself.
  const photo = await page.screenshot({ type: 'jpeg', quality: 60, clip: { x: 0, y: 0, width: 64, height: 64 } });
  await form.locator('input[type="file"]').setInputFiles({ name: '清风大讲堂现场.jpg', mimeType: 'image/jpeg', buffer: photo });
  await form.locator('.ant-upload-list-item-done').filter({ hasText: '清风大讲堂现场.jpg' }).waitFor();
  // Sent in the moment after the sign-off, before the unit's workflow is up, the report is answered
  // "not open yet" (the API's own answer, given here once by the network): the page says so in Chinese.
  await page.route(
    '**/api/campaigns/*/units/*/reports',
    (route) => route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ statusCode: 409, code: 'CONFLICT', message: { 'zh-CN': NOT_OPEN, en: 'Reporting for this unit is not open yet; try again shortly' }, details: [] }) }),
    { times: 1 },
  );
  await form.getByRole('button', { name: /报\s*送/ }).click();
  await form.getByRole('alert').filter({ hasText: NOT_OPEN }).waitFor();
  await form.getByRole('button', { name: /报\s*送/ }).click();
  await page.getByText(`${current.label['zh-CN']}的进度已报送`).waitFor();

  const periods = page.getByTestId('unit-periods');
  const row = periods.locator('tr.ant-table-row').filter({ hasText: current.label['zh-CN'] });
  await row.getByRole('button', { name: '打开附件 清风大讲堂现场.jpg' }).waitFor();
  await row.getByText(`${first.name['zh-CN']}：${behindFigures[first.key]}`, { exact: false }).waitFor();

  await assertLooksFinished(page);
  await expectAccessible(page, `/campaigns/${campaign.id}/units/${YUZHONG}`);
  // The browser logs the refused upload (400) and the report not open yet (409); nothing else may go wrong.
  expect(problems.filter((p) => !p.startsWith(REFUSED_UPLOAD) && !p.startsWith(REFUSED_CONFLICT))).toEqual([]);
  problems.length = 0;
});

it('the campaign page shows 渝中区 behind target, exports the roll-up, and passes axe', async () => {
  const page = await signIn('head-family-children');
  watchProblems(page, problems);
  await page.getByRole('menuitem', { name: '目标管理' }).click();
  await pickCampaignYear(page);
  await page.getByRole('link', { name: campaign.title }).click();
  await page.getByRole('heading', { name: campaign.title }).waitFor();
  await settled(page);

  await page.getByTestId('chart-units').locator('canvas').first().waitFor();
  await page.getByTestId('chart-trend').locator('canvas').first().waitFor();
  await page.getByRole('img', { name: /40个单位的完成数与目标，.*滞后 1 个/ }).waitFor();

  const rows = page.getByTestId('campaign-units').locator('tr.ant-table-row');
  const yuzhong = rows.filter({ hasText: '渝中区妇联' });
  await yuzhong.getByTestId('standing').first().filter({ hasText: '滞后' }).waitFor();
  // The others have done nothing by half-way: at risk.
  await rows.filter({ hasText: '江北区妇联' }).getByTestId('standing').first().filter({ hasText: '预警' }).waitFor();
  // Sorted by standing, the one behind comes after those at risk.
  await page.getByTestId('campaign-units').getByRole('columnheader', { name: '进度' }).click();
  await rows.last().filter({ hasText: '渝中区妇联' }).waitFor();

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出/ }).click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await xlsx.path());
  expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '趋势']);
  await assertLooksFinished(page);
  await expectAccessible(page, `/campaigns/${campaign.id}`);

  // English on request: the standings and the chart's description too.
  await page.getByText('EN', { exact: true }).click();
  await yuzhong.getByTestId('standing').first().filter({ hasText: 'Behind' }).waitFor();
  await page.getByRole('img', { name: /40 units against their targets, .*1 behind/ }).waitFor();
  expect(problems).toEqual([]);
});

it('fits a phone: the unit page and the campaign page at 390 px', async () => {
  const liaison = await signIn(liaisonOf(YUZHONG), PHONE);
  watchProblems(liaison, problems);
  await liaison.goto(`${baseUrl()}/campaigns/${campaign.id}/units/${YUZHONG}`);
  await liaison.getByRole('heading', { name: '渝中区妇联 · 目标任务' }).waitFor();
  await settled(liaison);
  await liaison.getByRole('button', { name: /报\s*送/ }).waitFor();
  // A list instead of the table: each period with its report, the photo included.
  const period = liaison.getByTestId('unit-periods').locator('.ant-list-item').filter({ hasText: current.label['zh-CN'] });
  await period.getByRole('button', { name: '打开附件 清风大讲堂现场.jpg' }).waitFor();
  await assertLooksFinished(liaison);

  const head = await signIn('head-family-children', PHONE);
  watchProblems(head, problems);
  await head.goto(`${baseUrl()}/campaigns/${campaign.id}`);
  const chart = head.getByTestId('chart-units');
  await chart.locator('canvas').first().waitFor();
  const box = await chart.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(PHONE.width);
  expect(box!.width).toBeGreaterThan(PHONE.width / 2);
  await head.getByTestId('campaign-units').locator('.ant-list-item').filter({ hasText: '渝中区妇联' }).getByText('滞后').waitFor();
  await assertLooksFinished(head);
  expect(problems).toEqual([]);
});

it('lists the campaign for the lead department, and 发起 the same one again is refused in Chinese', async () => {
  const page = await signIn(ORGANISER);
  watchProblems(page, problems);
  await page.getByRole('menuitem', { name: '目标管理' }).click();
  await page.getByRole('heading', { name: '目标管理' }).waitFor();
  await pickCampaignYear(page);
  const row = page.locator('tr.ant-table-row').filter({ hasText: campaign.title });
  await row.getByText('进行中').waitFor();

  await page.getByRole('button', { name: /发\s*起/ }).click();
  const dialog = page.getByRole('dialog', { name: '发起目标管理' });
  await dialog.getByLabel('目标模板').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '"清风常伴廉洁齐家"' }).click();
  await dialog.getByRole('button', { name: /发\s*起/ }).click();
  await dialog.getByRole('alert').filter({ hasText: `${year}年已发起此目标管理活动` }).waitFor();

  await expectAccessible(page, '/campaigns (发起)');
  // The browser logs the refusal (409); nothing else may go wrong.
  expect(problems.filter((p) => !p.startsWith(REFUSED_CONFLICT))).toEqual([]);
  problems.length = 0;
});

it('the lead department head cancels the campaign with a reason', async () => {
  const page = await signIn('head-family-children');
  watchProblems(page, problems);
  await page.goto(`${baseUrl()}/campaigns/${campaign.id}`);
  await page.getByRole('heading', { name: campaign.title }).waitFor();
  await page.getByRole('button', { name: '取消目标管理' }).click();
  const dialog = page.getByRole('dialog', { name: '取消目标管理' });
  // A click while the dialog still zooms in is lost (CI saw it once): click until the empty reason is refused.
  const refusal = dialog.getByText('请填写取消原因');
  for (let tries = 0; tries < 10 && !(await refusal.isVisible()); tries++) {
    await dialog.getByRole('button', { name: '确认取消' }).click();
    await refusal.waitFor({ timeout: 3000 }).catch(() => undefined);
  }
  await refusal.waitFor();
  await dialog.getByLabel('取消原因').fill('市委统一部署调整，本年度改由各区县自行组织');
  await dialog.getByRole('button', { name: '确认取消' }).click();
  await page.locator('.page-title').getByText('已取消').waitFor();
  expect(await page.getByRole('button', { name: '取消目标管理' }).count()).toBe(0);
  expect(problems).toEqual([]);
});
