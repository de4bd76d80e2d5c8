// 任务分解 in a real browser, in Chinese: a campaign's allocation task opens for the lead department's
// organiser as a table, a row per district and a column per target; while a column falls short of the
// plan its foot is red with the reason and the form will not send it; the server refuses the same
// table too (400, in both languages); once it fits, it goes to the department head, whose sign-off
// page shows the table read-only. The allocation template is found by code but cannot be started by hand.
import { SEED_UNITS } from '../../src/org/org.seed-data';
import type { Allocation, CampaignTarget } from '../../workflows/campaign-types';
import { evenAllocation } from '../support/allocation-fixtures';
import { apiClient } from '../support/api-client';
import { expectAccessible } from '../support/axe';
import { assertLooksFinished, browserTestFile, PHONE, watchProblems } from '../support/browser';
import { until } from '../support/until';

jest.setTimeout(600_000);

const { signIn, problems, baseUrl } = browserTestFile('allocation');
const { api, as } = apiClient(baseUrl);

const TEMPLATE = 'family-reading-campaign';
const ORGANISER = 'organiser-family-children';
const DISTRICTS = SEED_UNITS.filter((u) => u.kind === 'district').map((u) => ({ code: u.code, name: u.nameZh }));
/** Next year's campaign: it can be started on any day, this year's not once its last 督办 is past. */
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;

type Refusal = { message: { 'zh-CN': string; en: string }; details?: { field: string; message: { 'zh-CN': string; en: string } }[] };
type TaskItem = { id: string; kind: string; stepId: string };

let targets: CampaignTarget[];
let eventId: string;
let taskId: string;

const tasksOf = async (username: string) => (await api<{ items: TaskItem[] }>(await as(username), 'GET', `/tasks?eventId=${eventId}`)).body.items;

beforeAll(async () => {
  const organiser = await as(ORGANISER);
  targets = (await api<{ code: string; targets: CampaignTarget[] }[]>(organiser, 'GET', '/campaign-templates')).body.find((t) => t.code === TEMPLATE)!.targets;
  const started = await api<{ id: string }>(organiser, 'POST', '/campaigns', { templateCode: TEMPLATE, year });
  expect(started.status).toBe(201);
  eventId = await until('the allocation event', async () => (await api<{ allocationEventId: string | null }>(organiser, 'GET', `/campaigns/${started.body.id}`)).body.allocationEventId ?? undefined);
  taskId = await until('the allocation task', async () => (await tasksOf(ORGANISER)).find((t) => t.stepId === 'allocate')?.id);
});

it('finds the allocation template by code, leaves it out of the templates to start, and refuses starting it by hand', async () => {
  const organiser = await as(ORGANISER);
  const code = `${TEMPLATE}-allocation-${year}`;
  expect((await api<{ code: string }[]>(organiser, 'GET', '/templates')).body.map((t) => t.code)).not.toContain(code);
  expect((await api<{ kind: string }>(organiser, 'GET', `/templates/${code}`)).body.kind).toBe('campaign-task');
  // Each year's table is a template of its own, named with its year.
  const nextYears = await api<{ name: { 'zh-CN': string } }>(organiser, 'GET', `/templates/${TEMPLATE}-allocation-${year + 1}`);
  expect(nextYears.body.name['zh-CN']).toBe(`${year + 1}年"书香润万家"家庭阅读系列活动目标任务任务分解`);
  expect((await api(organiser, 'GET', `/templates/${TEMPLATE}-allocation`)).status).toBe(404);
  const started = await api<Refusal>(organiser, 'POST', '/events', { templateCode: code, title: '手工发起的任务分解', startsAt: new Date(Date.now() + 30 * 86400_000).toISOString() });
  expect(started.status).toBe(400);
  expect(started.body.message).toEqual({ 'zh-CN': `${code} 由目标管理活动自动发起，不能单独发起`, en: `templateCode: ${code} is started by its campaign, not on its own` });
});

it('refuses a table short of the plan on the server too, naming the target and the sum in both languages', async () => {
  const short: Allocation = evenAllocation(targets, DISTRICTS);
  short[DISTRICTS[0].code].readingActivities = 0;
  const refused = await api<Refusal>(await as(ORGANISER), 'POST', `/tasks/${taskId}/complete`, { values: { allocation: short } });
  expect(refused.status).toBe(400);
  expect(refused.body.details).toEqual([
    {
      field: 'allocation',
      message: { 'zh-CN': '家庭阅读活动：各单位合计 390 场，少于计划数 400 场', en: "Family reading activities held: the units add up to 390 场, less than the plan's 400 场" },
    },
  ]);
});

it('checks the sums as the organiser types, will not send a table short of the plan, and sends it once it fits', async () => {
  const page = await signIn(ORGANISER);
  watchProblems(page, problems);
  await page.goto(`${baseUrl()}/tasks/${taskId}`);
  const table = page.locator('[data-allocation-table]');
  await table.waitFor();
  const cell = (unit: { name: string }, target: CampaignTarget) => page.getByLabel(`${unit.name}的${target.name['zh-CN']}任务数`, { exact: true });
  const foot = (target: CampaignTarget) => page.locator(`[data-sum="${target.key}"]`);

  const table1 = evenAllocation(targets, DISTRICTS);
  const [reading, families] = targets;
  for (const unit of DISTRICTS) {
    for (const target of targets) await cell(unit, target).fill(String(unit === DISTRICTS[0] && target === reading ? 0 : table1[unit.code][target.key]));
  }
  // Short by 渝中区's 10 场: the column's foot in red, the reason beside the field, nothing sent.
  await expectFoot(foot(reading), false, '390 场');
  await expectFoot(foot(families), true, '100000 人次');
  const reason = page.getByText('家庭阅读活动：各单位合计 390 场，少于计划数 400 场', { exact: true });
  await reason.waitFor();
  await page.getByRole('button', { name: /提\s*交/ }).click();
  await reason.waitFor();
  expect((await tasksOf(ORGANISER)).some((t) => t.id === taskId)).toBe(true);
  await expectAccessible(page, `/tasks/${taskId} (任务分解)`);
  await assertLooksFinished(page);

  await cell(DISTRICTS[0], reading).fill(String(table1[DISTRICTS[0].code].readingActivities));
  await expectFoot(foot(reading), true, '400 场');
  await page.getByText('合计符合要求').waitFor();
  await page.getByRole('button', { name: /提\s*交/ }).click();
  const signOff = await until('the department head’s sign-off', async () => (await tasksOf('head-family-children')).find((t) => t.kind === 'sign-off'));

  // The head reviews the table as submitted, read-only, with the same sums.
  const head = await signIn('head-family-children');
  watchProblems(head, problems);
  await head.goto(`${baseUrl()}/tasks/${signOff.id}`);
  // Under 待审批内容 (and again under the round in 历次提交): the first is the submission itself.
  await head.getByRole('cell', { name: DISTRICTS[39].name, exact: true }).first().waitFor();
  await expectFoot(head.locator(`[data-sum="${reading.key}"]`).first(), true, '400 场');
  expect(await head.getByRole('spinbutton').count()).toBe(0);
  await expectAccessible(head, `/tasks/${signOff.id} (任务分解审批)`);

  // On a phone the table scrolls inside its card; the page itself does not get wider.
  await head.setViewportSize(PHONE);
  await assertLooksFinished(head);
  expect(problems).toEqual([]);
});

async function expectFoot(foot: ReturnType<import('playwright-core').Page['locator']>, fits: boolean, sum: string): Promise<void> {
  await foot.filter({ hasText: sum }).waitFor();
  expect(await foot.getAttribute('data-fits')).toBe(String(fits));
}
