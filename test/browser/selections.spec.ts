// 时代女性榜 in a real browser, in Chinese: 宣传部's head opens it from the menu, enables the monthly
// Schedule, runs this month that it was enabled too late for (补跑), skips a coming month (shown as
// skipped, gone from the coming months), pauses it with a note and resumes it; an organiser sees it
// without the buttons. Accessible, and usable on a phone. 发起活动 does not offer the list, nor a
// district's campaign activity: nobody starts those by hand.
import { chinaMonthOf, selectionTitle } from '../../workflows/selection-model';
import { expectAccessible } from '../support/axe';
import { assertLooksFinished, browserSession, PHONE, screenshot } from '../support/browser';
import { startTestApp, type TestApp } from '../support/shared';
import { removeWomenListSchedule } from '../support/women-list-cleanup';

jest.setTimeout(300_000);

let app: TestApp | undefined;
const baseUrl = () => app!.baseUrl;
const { launch, signIn, problems, screenshotOpenPages, close } = browserSession(baseUrl, 'selections');

beforeAll(async () => {
  await launch();
  app = await startTestApp();
});
afterEach(() => screenshotOpenPages());
afterAll(async () => {
  await close();
  if (app) await removeWomenListSchedule(app);
  await app?.close();
});

function nextMonth(): string {
  const [y, m] = chinaMonthOf(Date.now()).split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

it("lets 宣传部's head enable, skip a month, pause and resume the monthly list", async () => {
  const page = await signIn('head-publicity');
  await page.getByRole('menuitem', { name: '时代女性榜' }).click();
  await page.getByRole('heading', { name: '巴渝最具引领力的时代女性榜（月度评选）' }).waitFor();
  await page.getByText('未启用').first().waitFor();

  await page.getByRole('button', { name: /启\s*用/ }).click();
  await page.getByText('运行中').waitFor();
  await page.getByRole('cell', { name: nextMonth() }).first().waitFor();

  // Enabled after this month's 1st 09:00 Beijing (all but the first hours of the 1st), the Schedule
  // never ran this month: it is offered for 补跑, and runs as the month's event.
  const thisMonth = chinaMonthOf(Date.now());
  if (Date.now() >= Date.parse(`${thisMonth}-01T01:00:00Z`)) {
    await page.getByText(`${thisMonth} 未开始`).waitFor();
    await expectAccessible(page, '时代女性榜 (a month not started)');
    await screenshot(page, 'selections-missed');
    await page.getByRole('button', { name: /补\s*跑/ }).click();
    await page.getByRole('link', { name: selectionTitle(thisMonth) }).waitFor();
    expect(await page.getByText('未开始的月份').count()).toBe(0);
  } else {
    expect(await page.getByText('未开始的月份').count()).toBe(0);
  }

  const month = nextMonth();
  await page.getByLabel('选择要跳过的月份').click();
  await page.locator(`.ant-select-item-option[title="${month}"]`).click();
  await page.getByRole('button', { name: /跳过该月/ }).click();
  await page.getByText(`${month} 已跳过`).waitFor();
  await expectAccessible(page, '时代女性榜 (a month skipped)');

  await page.getByLabel('暂停原因（必填）').fill('春节期间暂停');
  await page.getByRole('button', { name: /暂\s*停/ }).click();
  await page.getByText('已暂停', { exact: true }).first().waitFor();
  await page.getByText(/春节期间暂停/).waitFor();
  await page.getByRole('button', { name: /恢\s*复/ }).click();
  await page.getByText('运行中').waitFor();
  await assertLooksFinished(page);
  await screenshot(page, 'selections');

  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByText(`${month} 已跳过`).waitFor();
  await assertLooksFinished(page);
  await screenshot(page, 'selections');

  const organiser = await signIn('organiser-publicity');
  await organiser.goto(`${baseUrl()}/selections`);
  await organiser.getByText(`${month} 已跳过`).waitFor();
  expect(await organiser.getByRole('button', { name: /跳过该月|暂\s*停|启\s*用|补\s*跑/ }).count()).toBe(0);

  expect(problems).toEqual([]);
});

it("does not offer the 时代女性榜 or a district's campaign activity in 发起活动", async () => {
  const page = await signIn('organiser-publicity');
  await page.getByRole('menuitem', { name: '发起活动' }).click();
  await page.locator('[data-template="womens-day-110"]').waitFor();
  expect(await page.locator('[data-template="monthly-women-list"], [data-template="district-campaign-activity"]').count()).toBe(0);
  expect(await page.getByText(/巴渝最具引领力的时代女性榜|区县妇联目标任务活动/).count()).toBe(0);
  expect(problems).toEqual([]);
});
