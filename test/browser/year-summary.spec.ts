// 年度总结 in a real browser, in Chinese: the chair opens the page from the menu, sees the three
// charts drawn, the year's events in the table (sortable) and the targets of a campaign of the year,
// downloads the .xlsx and the PDF, and the page passes axe; on a phone the charts fit the width; a
// district liaison has no menu entry.
import ExcelJS from 'exceljs';
import { apiClient } from '../support/api-client';
import { walkToNotice } from '../support/api-walk';
import { expectAccessible } from '../support/axe';
import { assertLooksFinished, browserTestFile, PHONE, watchProblems } from '../support/browser';

jest.setTimeout(300_000);

const { signIn, problems, baseUrl } = browserTestFile('year-summary');
const client = apiClient(baseUrl);
const { api, as } = client;
const NOTICE = 'activity-notice';
const TITLES = ['2027年垃圾分类亲子活动（年度总结甲）', '2027年垃圾分类亲子活动（年度总结乙）'];

// Next year's March, in China time: far enough ahead for the plan's deadlines, both in one year.
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;
const march = (day: number) => new Date(Date.UTC(year, 2, day, 1, 30)).toISOString();

async function startEvent(title: string, startsAt: string): Promise<string> {
  const created = await api<{ id: string }>(await as('organiser-family-children'), 'POST', '/events', {
    templateCode: 'childrens-day-sorting', title, startsAt,
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Through planning and sign-off to the notice, as the people who do it. */
const driveToNotice = (eventId: string) => walkToNotice(client, eventId, ['organiser-family-children', 'head-family-children', 'vice-chair-2'], NOTICE);

beforeAll(async () => {
  const first = await startEvent(TITLES[0], march(1));
  await startEvent(TITLES[1], march(15));
  await driveToNotice(first);
  const ack = await api(await as('liaison-yuzhong'), 'POST', `/events/${first}/notices/${NOTICE}/acknowledge`, {
    values: { familiesRecommended: ['王芳一家'], localActivitiesPlanned: 3, contactPerson: '张晓梅 13800000000' },
  });
  expect(ack.status).toBe(200);
  // A campaign of the year, still at its 任务分解: its targets are listed, none allocated yet.
  const campaign = await api(await as('organiser-family-children'), 'POST', '/campaigns', { templateCode: 'clean-family-campaign', year });
  expect(campaign.status).toBe(201);
});

it('draws the charts, lists the events, exports .xlsx and PDF, and passes axe', async () => {
  const page = await signIn('chair');
  watchProblems(page, problems);
  await page.getByRole('menuitem', { name: '年度总结' }).click();
  await page.getByRole('heading', { name: `${year - 1}年度总结` }).waitFor();
  await page.goto(`${baseUrl()}/years/${year}`);
  await page.getByRole('heading', { name: `${year}年度总结` }).waitFor();

  for (const chart of ['chart-months', 'chart-departments', 'chart-districts']) await page.getByTestId(chart).locator('canvas').first().waitFor();
  await page.getByRole('img', { name: /40个区县妇联的签收情况/ }).waitFor();

  const table = page.getByTestId('year-events');
  const rows = table.locator('.ant-table-tbody tr.ant-table-row');
  await rows.filter({ hasText: TITLES[1] }).waitFor();
  expect(await rows.allInnerTexts()).toEqual([expect.stringContaining(TITLES[0]), expect.stringContaining(TITLES[1])]);
  await rows.filter({ hasText: TITLES[0] }).getByText(/渝妇发〔\d{4}〕\d+号/).waitFor();
  await rows.filter({ hasText: TITLES[0] }).getByText('1 / 0 / 0 / 39').waitFor();
  // Sorted by date, latest first on a second click of its header.
  await table.getByRole('columnheader', { name: '活动日期' }).click();
  await rows.first().filter({ hasText: TITLES[1] }).waitFor();

  const targets = page.getByTestId('year-targets').locator('.ant-table-tbody tr.ant-table-row');
  await targets.first().waitFor();
  expect(await targets.allInnerTexts()).toEqual([
    expect.stringMatching(/清风常伴廉洁齐家[\s\S]*任务分解中[\s\S]*清风大讲堂、主题展览、书写诵读等活动[\s\S]*400 场[\s\S]*未分解[\s\S]*0 场[\s\S]*0%[\s\S]*正常/),
    expect.stringMatching(/参与家庭[\s\S]*100000 人次[\s\S]*未分解/),
  ]);

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
  expect(xlsx.suggestedFilename()).toBe(`${year}年度工作总结素材.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await xlsx.path());
  expect(book.worksheets.map((w) => w.name)).toEqual(['活动', '签收', '按区县', '目标任务']);
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 PDF/ }).click()]);
  expect(pdf.suggestedFilename()).toBe(`${year}年度工作总结素材.pdf`);

  await assertLooksFinished(page);
  await expectAccessible(page, `/years/${year}`);
  expect(problems).toEqual([]);
});

it('fits a phone: the charts take the width of the screen', async () => {
  const page = await signIn('head-organisation', PHONE);
  watchProblems(page, problems);
  await page.goto(`${baseUrl()}/years/${year}`);
  const chart = page.getByTestId('chart-districts');
  await chart.locator('canvas').first().waitFor();
  const box = await chart.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(PHONE.width);
  expect(box!.width).toBeGreaterThan(PHONE.width / 2);
  await assertLooksFinished(page);
  expect(problems).toEqual([]);
});

it('has no 年度总结 for a district liaison', async () => {
  const page = await signIn('liaison-yuzhong');
  await page.getByRole('menuitem', { name: '通知签收' }).waitFor();
  expect(await page.getByRole('menuitem', { name: '年度总结' }).count()).toBe(0);
});
