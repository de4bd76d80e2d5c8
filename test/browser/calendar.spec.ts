// 工作日历 in a real browser, in Chinese: the admin opens it from the menu, finds 2027 not entered
// yet, adds a holiday, and is told what moved; the page passes axe's WCAG 2 A/AA rules, and is
// usable at a phone's width.
import { apiClient } from '../support/api-client';
import { assertLooksFinished, browserTestFile, PHONE, screenshot } from '../support/browser';
import { expectAccessible } from '../support/axe';

jest.setTimeout(300_000);

const { signIn, problems, baseUrl } = browserTestFile('calendar');
const { api, as } = apiClient(baseUrl);

it('lets the admin add a 2027 holiday in 工作日历', async () => {
  const page = await signIn('admin');
  await page.getByRole('menuitem', { name: '工作日历' }).click();
  await page.getByRole('heading', { name: '工作日历' }).waitFor();
  await page.getByRole('cell', { name: '春节' }).first().waitFor();

  await page.getByLabel('年份').click();
  await page.locator('.ant-select-item-option[title="2027"]').click();
  await page.getByTestId('calendar-uncovered').getByText('2027年节假日安排尚未录入，期限只按周末计算').waitFor();
  await expectAccessible(page, '工作日历 (2027, not entered)');

  await page.getByLabel('日期').fill('2027-05-03');
  await page.getByLabel('名称').fill('劳动节');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByTestId('calendar-outcome').getByText(/^已调整 \d+ 个活动的 \d+ 项期限$/).waitFor();
  await page.getByRole('cell', { name: '2027-05-03 周一' }).waitFor();
  expect(await page.getByTestId('calendar-uncovered').count()).toBe(0);

  const year = await api<{ days: { date: string; kind: string; name: string; source: string }[] }>(await as('admin'), 'GET', '/calendar?year=2027');
  expect(year.body.days).toEqual([expect.objectContaining({ date: '2027-05-03', kind: 'off', name: '劳动节', source: 'admin' })]);
  await expectAccessible(page, '工作日历 (2027, a holiday added)');
  await assertLooksFinished(page);
  await screenshot(page, 'calendar');

  await page.setViewportSize(PHONE);
  await page.reload();
  await page.getByRole('heading', { name: '工作日历' }).waitFor();
  await page.getByRole('cell', { name: '春节' }).first().waitFor();
  await assertLooksFinished(page);
  await screenshot(page, 'calendar');

  expect(problems).toEqual([]);
});
