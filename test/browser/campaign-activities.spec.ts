// 本单位活动 in a real browser, in Chinese: next year's 清风常伴廉洁齐家 is started and allocated through
// the API and the real workflows; then 渝中区's liaison starts an activity of the district template from
// its unit page (a title forgotten first, then given) and finds it listed, in progress, with a link to
// its event page where the plan waits; the page passes axe and fits a phone. The district's chair sees
// the list without the button.
import { apiClient } from '../support/api-client';
import { expectAccessible } from '../support/axe';
import { assertLooksFinished, browserTestFile, PHONE, watchProblems } from '../support/browser';
import { runCampaign } from '../support/campaign-driver';

jest.setTimeout(600_000);

const { signIn, problems, baseUrl } = browserTestFile('campaign-activities');
const client = apiClient(baseUrl);
const YUZHONG = 'district-yuzhong';
const TITLE = '渝中区清风家庭故事分享会';
let unitPath = '';

/** "YYYY-MM-DD HH:mm" in Beijing time, as the DatePicker shows it. */
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

beforeAll(async () => {
  const organiser = await client.as('organiser-family-children');
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;
  const started = await client.api<{ id: string }>(organiser, 'POST', '/campaigns', { templateCode: 'clean-family-campaign', year });
  expect(started.status).toBe(201);
  await runCampaign(client, started.body.id, { organiser: 'organiser-family-children', approvers: ['head-family-children', 'vice-chair-2'] }, (districts) =>
    Object.fromEntries(districts.map((code) => [code, { activitiesHeld: 10, familiesReached: 2500 }])),
  );
  unitPath = `/campaigns/${started.body.id}/units/${YUZHONG}`;
});

it("渝中区's liaison starts an activity of the unit from its page and finds it listed", async () => {
  const page = await signIn('liaison-yuzhong');
  watchProblems(page, problems);
  await page.goto(`${baseUrl()}${unitPath}`);
  const card = page.getByTestId('unit-activities');
  await card.getByText('尚未发起本单位活动').waitFor();

  await card.getByRole('button', { name: '发起本单位活动' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('活动由渝中区妇联牵头').waitFor();
  // Without a title nothing is sent, and the form says why.
  await dialog.getByRole('button', { name: /发\s*起/ }).click();
  await dialog.getByText('请填写活动名称').waitFor();
  await dialog.getByLabel('活动名称').fill(TITLE);
  const time = dialog.getByLabel('活动时间');
  await time.click();
  await time.fill(`${beijing(Date.now() + 20 * 86400_000).slice(0, 10)} 14:30`);
  await time.press('Tab');
  await dialog.getByLabel('活动地点').fill('渝中区妇女儿童活动中心');
  await dialog.getByRole('button', { name: /发\s*起/ }).click();
  await dialog.waitFor({ state: 'detached' });

  const listed = card.locator('.ant-list-item').filter({ hasText: TITLE });
  await listed.getByText('进行中').waitFor();
  await listed.getByText(/14:30 · 渝中区妇女儿童活动中心/).waitFor();
  await assertLooksFinished(page);
  await expectAccessible(page, unitPath);

  // Its event page: the plan is the liaison's to write.
  await listed.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { name: TITLE }).waitFor();
  await page.locator('[data-testid="step-activity-plan"][data-status="active"]').waitFor();
  expect(problems).toEqual([]);
});

it("the district's chair sees the unit's activities, on a phone too, without the button", async () => {
  const page = await signIn('district-chair-yuzhong', PHONE);
  watchProblems(page, problems);
  await page.goto(`${baseUrl()}${unitPath}`);
  const card = page.getByTestId('unit-activities');
  await card.getByRole('link', { name: TITLE }).waitFor();
  expect(await card.getByRole('button', { name: '发起本单位活动' }).count()).toBe(0);
  await assertLooksFinished(page);
  expect(problems).toEqual([]);
});
