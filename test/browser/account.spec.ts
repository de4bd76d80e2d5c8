// 修改密码 and 转交 in a real browser, in Chinese, against the real server and PostgreSQL: an exec
// member changes their password from the user menu; a user given a temporary password by the
// administrator is kept on 修改密码 until they choose their own; a department head hands a sign-off
// to a colleague who could hold it, and the dialog offers no one the workflow would refuse.
import type { Page } from 'playwright-core';
import type { EventTemplate } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { login } from '../support/auth';
import { assertLooksFinished, browserSession, screenshot } from '../support/browser';
import { formOf, sampleValues } from '../support/event-driver';
import { addDeputyHead } from '../support/org-fixtures';
import { startTestApp, type TestApp } from '../support/shared';

jest.setTimeout(300_000);

// browserTestFile's set-up, keeping the app at hand: the 转交 test adds a colleague to the directory.
let app: TestApp | undefined;
const baseUrl = () => {
  if (!app) throw new Error('the app is not started yet');
  return app.baseUrl;
};
const { signIn, problems, launch, screenshotOpenPages, close } = browserSession(baseUrl, 'account');
const { api, as } = apiClient(baseUrl);
beforeAll(async () => {
  await launch();
  app = await startTestApp();
});
afterEach(() => screenshotOpenPages());
afterAll(async () => {
  await close();
  await app?.close();
});

/** The browser logs each refused request; these tests expect exactly the refusals they provoke. */
const refusals = (status: number) => `console error: Failed to load resource: the server responded with a status of ${status}`;
function unexpectedProblems(expected: string[]): string[] {
  const left = [...problems];
  for (const e of expected) {
    const i = left.findIndex((p) => p.startsWith(e));
    if (i >= 0) left.splice(i, 1);
  }
  return left;
}

const field = (page: Page, name: string) => page.locator('.ant-form-item').filter({ has: page.locator(`label[for="${name}"]`) });

async function fillPasswords(page: Page, current: string, next: string, confirm = next): Promise<void> {
  await page.getByLabel('当前密码', { exact: true }).fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('再次输入新密码', { exact: true }).fill(confirm);
  await page.getByRole('button', { name: '修改密码' }).click();
}

async function signInOnLoginPage(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

it('lets a user change their password from the user menu, refusing a wrong current one and a short new one', async () => {
  const page = await signIn('exec-3');
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  await page.getByRole('heading', { name: '修改密码' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/password');
  await assertLooksFinished(page);

  // A wrong current password: the server's refusal stands beside that field.
  await fillPasswords(page, 'not-my-password', 'Qingshan-2026');
  await field(page, 'currentPassword').getByText('当前密码（currentPassword）不正确').waitFor();

  // Too short a new one: the rule, beside the new password.
  await fillPasswords(page, 'demo', 'short1');
  await field(page, 'newPassword').getByText('新密码至少 8 个字符').waitFor();

  // A good one: done, and the page stays signed in.
  await fillPasswords(page, 'demo', 'Qingshan-2026');
  await page.getByText('密码已修改，其他设备上的登录已退出').waitFor();
  await page.getByRole('heading', { name: '修改密码' }).waitFor();
  expect(await field(page, 'currentPassword').locator('.ant-form-item-explain-error').count()).toBe(0);
  await screenshot(page, 'account-password-changed');

  // Signed out, the old password no longer opens the account; the new one does.
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await signInOnLoginPage(page, 'exec-3', 'demo');
  await page.getByRole('alert').getByText('用户名或密码不正确').waitFor();
  await signInOnLoginPage(page, 'exec-3', 'Qingshan-2026');
  await page.getByRole('heading', { name: '工作台' }).waitFor();

  expect(unexpectedProblems([refusals(400), refusals(401)])).toEqual([]);
  problems.length = 0;
});

it('keeps a user with a temporary password on 修改密码 until they choose their own, then lets them in', async () => {
  const page = await signIn('exec-4');
  const user = (await as('exec-4')).user;
  const set = await api(await as('admin'), 'POST', `/users/${user.id}/password`, { newPassword: 'Linshi-2026a' });
  expect(set.status).toBe(204);

  // The administrator's reset ended the open session: the next page load asks to sign in.
  await page.reload();
  await page.getByLabel('用户名').waitFor();
  await signInOnLoginPage(page, 'exec-4', 'Linshi-2026a');
  await page.getByRole('heading', { name: '修改密码' }).waitFor();
  await page.getByText('管理员为你设置了临时密码，请先设置自己的新密码（当前密码即临时密码）。').waitFor();
  await assertLooksFinished(page);
  await screenshot(page, 'account-temporary-password');

  // Nowhere else until it is changed: not from the menu, not by address; the API refuses too.
  await page.getByRole('link', { name: '待办' }).click();
  await page.getByRole('heading', { name: '修改密码' }).waitFor();
  await page.goto(`${baseUrl()}/events`);
  await page.getByRole('heading', { name: '修改密码' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/password');
  const temporary = await login(baseUrl(), 'exec-4', 'Linshi-2026a');
  const refused = await api<{ message: unknown }>(temporary, 'GET', '/tasks');
  expect([refused.status, refused.body.message]).toEqual([
    403,
    { 'zh-CN': '请先修改临时密码（POST /api/auth/password）', en: 'Change your temporary password first (POST /api/auth/password)' },
  ]);
  // The header names the user's unit, not its code.
  await page.getByTestId('user-menu').getByText('万州区妇联').waitFor();

  await fillPasswords(page, 'Linshi-2026a', 'Ziji-Mima-2026');
  await page.getByText('密码已修改，其他设备上的登录已退出').waitFor();
  expect(await page.getByText('管理员为你设置了临时密码').count()).toBe(0);
  await page.getByRole('link', { name: '工作台' }).click();
  await page.getByRole('heading', { name: '工作台' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');

  expect(unexpectedProblems([refusals(401)])).toEqual([]);
  problems.length = 0;
});

it("offers a sign-off's 转交 only to those who could hold it, and hands it over", async () => {
  const organiser = await as('organiser-family-children');
  const template = (await api<EventTemplate>(organiser, 'GET', '/templates/childrens-day-sorting')).body;
  const title = '六一亲子活动（转交）';
  const created = await api<{ id: string }>(organiser, 'POST', '/events', {
    templateCode: 'childrens-day-sorting',
    title,
    startsAt: new Date(Date.now() + 60 * 24 * 3600_000).toISOString(),
  });
  expect(created.status).toBe(201);
  const eventId = created.body.id;
  const head = await as('head-family-children');
  type InboxTask = { id: string; kind: string; stepId: string };
  const inbox = async (who: typeof head) => (await api<{ items: InboxTask[] }>(who, 'GET', `/tasks?eventId=${eventId}&status=open&pageSize=100`)).body.items;
  let signOff: InboxTask | undefined;
  for (let i = 0; i < 200 && !signOff; i++) {
    signOff = (await inbox(head)).find((x) => x.kind === 'sign-off');
    if (signOff) break;
    const work = (await inbox(organiser)).filter((x) => x.kind === 'task');
    for (const task of work) expect((await api(organiser, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId)) })).status).toBe(200);
    if (!work.length) await new Promise((r) => setTimeout(r, 150));
  }
  if (!signOff) throw new Error('the plan sign-off did not reach the department head');

  // A second head of the department: the colleague a sign-off can go to.
  await addDeputyHead(app!.config.database.url);

  const page = await signIn('head-family-children');
  await page.getByRole('link', { name: '待办' }).click();
  const row = page.locator('tr').filter({ hasText: title });
  await row.getByRole('link').first().click();
  await page.getByRole('button', { name: /转\s*交/ }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '转交他人办理' });
  await dialog.locator('.ant-select').click();
  const options = page.locator('.ant-select-item-option');
  await options.filter({ hasText: '副部长' }).waitFor();
  const offered = await options.allInnerTexts();
  const never = await Promise.all(['liaison-yuzhong', 'organiser-family-children', 'admin', 'head-family-children'].map(async (u) => (await as(u)).user.displayName));
  for (const name of never) expect([name, offered.some((o) => o.startsWith(`${name}（`))]).toEqual([name, false]);
  await screenshot(page, 'account-delegate-dialog');

  await options.filter({ hasText: '副部长' }).click();
  await dialog.getByLabel('意见（可选）').fill('请代为审核');
  await dialog.locator('.ant-modal-footer').getByRole('button', { name: /转\s*交/ }).click();
  await page.getByText('已转交').waitFor();
  await page.getByRole('heading', { name: '待办' }).waitFor();
  await page.locator('.ant-table-tbody tr:visible').first().waitFor();
  expect(await page.locator('tr').filter({ hasText: title }).count()).toBe(0);

  const deputy = await login(baseUrl(), 'deputy-head-family-children');
  expect((await inbox(deputy)).map((x) => x.id)).toContain(signOff.id);
  expect(problems).toEqual([]);
});
