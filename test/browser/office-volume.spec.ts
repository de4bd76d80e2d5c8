// Office work at volume in a real browser, in Chinese: the organiser searches 活动一览 and sees a
// postponed event as 待定, reads each unit's receipt values in 签收情况, exports them to .xlsx (the
// file parsed back) and urges every pending unit with one confirmation.
import ExcelJS from 'exceljs';
import { apiClient } from '../support/api-client';
import { walkToNotice } from '../support/api-walk';
import { assertLooksFinished, browserTestFile, watchProblems } from '../support/browser';
import { DAY } from '../support/event-driver';

jest.setTimeout(300_000);

const { signIn, problems, baseUrl } = browserTestFile('office-volume');
const client = apiClient(baseUrl);
const { api, as } = client;
const NOTICE = 'activity-notice';

async function startEvent(title: string, inDays: number): Promise<string> {
  const created = await api<{ id: string }>(await as('organiser-family-children'), 'POST', '/events', {
    templateCode: 'childrens-day-sorting', title, startsAt: new Date(Date.now() + inDays * DAY).toISOString(),
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Through planning and sign-off to the notice, as the people who do it. */
const driveToNotice = (eventId: string) => walkToNotice(client, eventId, ['organiser-family-children', 'head-family-children', 'vice-chair-2'], NOTICE);

it('searches 活动一览, shows receipts as data, exports them and urges every pending unit', async () => {
  const noticeEvent = await startEvent('2027年垃圾分类亲子活动（渝中专场）', 40);
  const postponed = await startEvent('2027年家庭教育周（待定场）', 90);
  await driveToNotice(noticeEvent);
  const organiser = await as('organiser-family-children');
  expect((await api(organiser, 'POST', `/events/${postponed}/postpone`, { reason: '场地调整' })).status).toBe(200);
  const ack = await api(await as('liaison-yuzhong'), 'POST', `/events/${noticeEvent}/notices/${NOTICE}/acknowledge`, {
    values: { familiesRecommended: ['王芳一家'], localActivitiesPlanned: 3, contactPerson: '张晓梅 13800000000' },
  });
  expect(ack.status).toBe(200);

  const page = await signIn('organiser-family-children');
  watchProblems(page, problems);
  await page.goto(`${baseUrl()}/events`);
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.nth(1).waitFor();
  await page.getByRole('searchbox', { name: '搜索标题' }).fill('待定场');
  await page.getByRole('searchbox', { name: '搜索标题' }).press('Enter');
  await rows.filter({ hasText: '渝中专场' }).waitFor({ state: 'detached' });
  await rows.filter({ hasText: '待定场' }).waitFor();
  expect(await rows.count()).toBe(1);
  await rows.first().getByText('待定', { exact: true }).waitFor();
  await rows.first().getByText(/^原定 /).waitFor();
  await assertLooksFinished(page);

  await page.goto(`${baseUrl()}/events/${noticeEvent}`);
  await page.getByRole('tab', { name: /签收/ }).click();
  const rollup = page.getByTestId(`receipts-${NOTICE}`);
  await rollup.getByRole('columnheader', { name: '本地计划开展活动场次' }).waitFor();
  await rollup.getByRole('row', { name: /渝中区妇联/ }).getByText('张晓梅 13800000000').waitFor();

  const [download] = await Promise.all([page.waitForEvent('download'), rollup.getByRole('button', { name: /导出签收情况/ }).click()]);
  expect(download.suggestedFilename()).toBe('2027年垃圾分类亲子活动（渝中专场）-签收情况.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  expect(book.worksheets[0].getRow(1).getCell(1).value).toBe('单位');

  await rollup.getByRole('button', { name: /一键催办（39 个单位）/ }).click();
  await page.getByRole('dialog').getByText('向尚未签收的 39 个单位的联络员发送催办？', { exact: false }).waitFor();
  await page.getByRole('dialog').getByRole('button', { name: '确认催办' }).click();
  await page.getByText(/已催办，通知了 \d+ 人/).waitFor();
  expect((await api(organiser, 'POST', `/events/${noticeEvent}/urge`, { stepId: NOTICE })).status).toBe(429);
  expect(problems).toEqual([]);
});
