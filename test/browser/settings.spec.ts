// 通知设置 in a real browser, in Chinese, against the real server and PostgreSQL: a district liaison
// turns email off and gives another address, takes their calendar feed link and replaces it, and
// sets up their district's WeCom group robot; an organiser, who answers for no unit, sees no robots.
import type { Page } from 'playwright-core';
import { apiClient } from '../support/api-client';
import { assertLooksFinished, browserTestFile, PHONE, screenshot } from '../support/browser';

jest.setTimeout(300_000);

const { signIn, problems, baseUrl } = browserTestFile('settings');
const { api, as } = apiClient(baseUrl);

/** Opens 通知设置 from the user menu in the header, as a person would. */
async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: '通知设置' }).click();
  await page.getByRole('heading', { name: '通知设置' }).waitFor();
}

const card = (page: Page, title: string) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: title }) });

it('lets a district liaison set their email, calendar feed and district robot, in Chinese', async () => {
  const page = await signIn('liaison-yuzhong');
  await openSettings(page);
  const liaison = await as('liaison-yuzhong');

  // Email: on with the account's address to begin with; a bad address is refused beside the field.
  const email = card(page, '邮件通知');
  await email.locator('[role="switch"][aria-checked="true"]').waitFor();
  await email.getByLabel('邮箱地址').fill('不是邮箱');
  await email.getByRole('button', { name: /保\s*存/ }).click();
  await email.getByText('请输入有效的邮箱地址').waitFor();
  await email.getByLabel('邮箱地址').fill('yuzhong-office@fulian.example');
  await email.getByRole('switch').click();
  await email.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('已保存').first().waitFor();
  expect((await api(liaison, 'GET', '/me/channels')).body).toEqual({ email: { enabled: false, address: 'yuzhong-office@fulian.example' } });

  // Calendar: the private feed link works; after a reset the old one no longer does.
  const calendar = card(page, '日历订阅');
  const feedUrl = () => calendar.getByTestId('calendar-url').locator('code').innerText();
  const first = await feedUrl();
  expect(first).toMatch(/^http:\/\/.+\/api\/calendar\/.+\.ics$/);
  // The link is built on PUBLIC_URL; the test's server listens on a port of its own.
  const fetchFeed = (url: string) => fetch(`${baseUrl()}${new URL(url).pathname}`);
  const feed = await fetchFeed(first);
  expect([feed.status, feed.headers.get('content-type')]).toEqual([200, 'text/calendar; charset=utf-8']);
  await calendar.getByRole('button', { name: '重置链接' }).click();
  // A click while the confirmation still zooms in is lost: wait for it to finish appearing.
  const confirm = page.locator('.ant-popconfirm:not([class*="-appear"]):not([class*="-enter"])');
  await confirm.waitFor();
  await confirm.getByRole('button', { name: '是' }).click();
  await page.getByText('已生成新的订阅链接').waitFor();
  const second = await feedUrl();
  expect(second).not.toBe(first);
  expect((await fetchFeed(first)).status).toBe(404);
  expect((await fetchFeed(second)).status).toBe(200);

  // The district's robot: a wrong address is refused in the form; a right one is saved for 渝中区.
  const robots = card(page, '单位群机器人');
  await robots.getByText('渝中区妇联').waitFor();
  await robots.getByRole('button', { name: /添\s*加/ }).click();
  await robots.getByPlaceholder('https://').fill('ftp://robots.example/send');
  await robots.getByRole('button', { name: /保\s*存/ }).click();
  await robots.getByText('须为 http:// 或 https:// 开头的地址').waitFor();
  await robots.getByPlaceholder('https://').fill('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=yuzhong-test');
  await robots.getByRole('button', { name: /保\s*存/ }).click();
  await page.getByText('已保存').first().waitFor();
  const saved = await api<{ robots: { channel: string; url: string; enabled: boolean }[] }>(liaison, 'GET', '/units/district-yuzhong/channels');
  expect(saved.body.robots).toEqual([expect.objectContaining({ channel: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=yuzhong-test', enabled: true })]);

  await page.reload();
  await page.getByRole('heading', { name: '通知设置' }).waitFor();
  const reloaded = card(page, '单位群机器人').getByPlaceholder('https://');
  await reloaded.waitFor();
  expect(await reloaded.inputValue()).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=yuzhong-test');
  await assertLooksFinished(page);
  await screenshot(page, 'settings-1280');

  // An organiser answers for no unit: email and calendar, no robots. At a phone's width too.
  const organiser = await signIn('organiser-family-children', PHONE);
  await organiser.goto(`${baseUrl()}/settings`);
  await card(organiser, '日历订阅').getByTestId('calendar-url').waitFor();
  expect(await card(organiser, '单位群机器人').count()).toBe(0);
  await assertLooksFinished(organiser);
  await screenshot(organiser, 'settings-390');

  expect(problems).toEqual([]);
});
