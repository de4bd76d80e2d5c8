// GB/T 37668 (WCAG 2.0 AA-based) in a real Chromium: axe-core's WCAG 2 A/AA rules on every page of
// the web app as an organiser sees it with an event under way — and the login page signed out, the
// approver's sign-off page and the district liaison's 签收 dialog beside them. Any serious or critical
// violation fails the page's test, naming the rule and the nodes.
import type { Locator, Page } from 'playwright-core';
import { apiClient } from '../support/api-client';
import { acknowledge, openTaskOf, pendingNoticeOf, stepIs, walkEvent } from '../support/api-walk';
import { expectAccessible } from '../support/axe';
import { browserTestFile } from '../support/browser';

jest.setTimeout(300_000);

const ORGANISER = 'organiser-organisation';
// A1's 方案审批: both departments co-sign, then the vice-chair in charge of 组织部, then the chair.
const APPROVERS = ['head-organisation', 'head-publicity', 'vice-chair-1', 'chair'];
const LIAISON = 'liaison-yuzhong';

const { signIn, problems, baseUrl } = browserTestFile('accessibility');
const client = apiClient(baseUrl);
const { api, as } = client;

/** The organiser's events: one with its selection notice out, one awaiting sign-off, one just started. */
const fixture = { noticeOut: '', awaitingSignOff: '', justStarted: '', openTaskId: '', signOffTaskId: '' };

async function startA1(title: string, inDays: number): Promise<string> {
  const reply = await api<{ id: string }>(await as(ORGANISER), 'POST', '/events', {
    templateCode: 'womens-day-110',
    title,
    startsAt: new Date(Date.now() + inDays * 24 * 3600_000).toISOString(),
    venue: '重庆市人民大礼堂',
  });
  if (reply.status !== 201) throw new Error(`starting ${title}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.id;
}

beforeAll(async () => {
  fixture.noticeOut = await startA1('2027年纪念"三八"国际妇女节系列活动', 90);
  await walkEvent(client, fixture.noticeOut, [ORGANISER, ...APPROVERS], stepIs('selection-notice', 'active'));
  // One unit has answered, so 签收情况 has a receipt with values to show.
  await acknowledge(client, LIAISON, await pendingNoticeOf(client, LIAISON, fixture.noticeOut), {
    nominees: ['王小红（渝中区解放碑街道）'],
    collectiveNominees: ['渝中区妇女儿童之家'],
  });

  fixture.awaitingSignOff = await startA1('2027年"三八"红旗手事迹报告会', 100);
  await walkEvent(client, fixture.awaitingSignOff, [ORGANISER], stepIs('plan-approval', 'active'));
  fixture.signOffTaskId = (await openTaskOf(client, APPROVERS[0], fixture.awaitingSignOff)).id;

  fixture.justStarted = await startA1('2027年"巾帼心向党"主题宣讲', 120);
  fixture.openTaskId = (await openTaskOf(client, ORGANISER, fixture.justStarted, 'draft-plan')).id;
});

let organiser: Page | undefined;
async function organiserPage(): Promise<Page> {
  organiser ??= await signIn(ORGANISER);
  return organiser;
}

/** Opens `path` and waits until `ready` shows and nothing is loading any more, as a reader would. */
async function open(page: Page, path: string, ready: (page: Page) => Locator): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  await settle(page, ready(page));
}

async function settle(page: Page, ready: Locator): Promise<void> {
  await ready.first().waitFor();
  await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached' });
  // Ant Design fades things in: a node half faded in would be judged on a colour no one sees.
  await page.locator('[class*="-appear"], [class*="-enter"]').first().waitFor({ state: 'detached' });
}

const heading = (name: string) => (page: Page) => page.getByRole('heading', { name });

describe('the organiser’s pages pass WCAG 2 A/AA (no serious or critical axe-core violation)', () => {
  it('登录, signed out', async () => {
    const page = await signIn(ORGANISER);
    await page.getByTestId('user-menu').hover();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await settle(page, page.getByLabel('用户名'));
    await expectAccessible(page, '登录');
    await page.close();
  });

  it('工作台', async () => {
    const page = await organiserPage();
    await open(page, '/', (p) => p.locator('.timeline-chart canvas'));
    await expectAccessible(page, '工作台');
  });

  it('活动一览', async () => {
    const page = await organiserPage();
    await open(page, '/events', (p) => p.getByRole('link', { name: '2027年"巾帼心向党"主题宣讲' }));
    await expectAccessible(page, '活动一览');
  });

  it('发起活动, with a template chosen and its form open', async () => {
    const page = await organiserPage();
    await open(page, '/events/new', heading('发起活动'));
    await page.locator('[data-template="womens-day-110"]').click();
    await settle(page, page.getByLabel('活动名称'));
    await expectAccessible(page, '发起活动');
  });

  it('an event’s detail page, each of its tabs', async () => {
    const page = await organiserPage();
    await open(page, `/events/${fixture.noticeOut}`, heading('2027年纪念"三八"国际妇女节系列活动'));
    await expectAccessible(page, '活动详情 · 流程进度');
    for (const tab of ['签收情况', '提醒与期限', '操作记录']) {
      await page.getByRole('tab', { name: tab }).click();
      await settle(page, page.locator('[role="tabpanel"][aria-hidden="false"]'));
      await expectAccessible(page, `活动详情 · ${tab}`);
    }
  });

  it('待办', async () => {
    const page = await organiserPage();
    await open(page, '/tasks', heading('待办'));
    await page.locator(`a[href="/tasks/${fixture.openTaskId}"]`).first().waitFor();
    await expectAccessible(page, '待办');
  });

  it('a task page with its form', async () => {
    const page = await organiserPage();
    await open(page, `/tasks/${fixture.openTaskId}`, (p) => p.locator('form'));
    await expectAccessible(page, '任务 · 系列活动方案起草');
  });

  it('通知签收: the roll-up of the units’ receipts', async () => {
    const page = await organiserPage();
    await open(page, '/notices', heading('通知签收'));
    await page.getByRole('combobox').first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '国际妇女节系列活动' }).click();
    // The page as it stands once the choice is made: while the dropdown is still fading out, its
    // option list (Ant Design's, unnamed) is on screen and axe would judge that instead.
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'detached' });
    await settle(page, page.getByTestId('receipts-selection-notice'));
    await expectAccessible(page, '通知签收');
  });

  it('消息', async () => {
    const page = await organiserPage();
    await open(page, '/notifications', heading('消息'));
    await expectAccessible(page, '消息');
  });

  it('通知设置 and 修改密码', async () => {
    const page = await organiserPage();
    await open(page, '/settings', heading('通知设置'));
    await expectAccessible(page, '通知设置');
    await open(page, '/password', heading('修改密码'));
    await expectAccessible(page, '修改密码');
  });
});

describe('the pages where others act pass too', () => {
  it('the approver’s sign-off page and its 退回 dialog', async () => {
    const page = await signIn(APPROVERS[0]);
    await open(page, `/tasks/${fixture.signOffTaskId}`, (p) => p.getByText('待审批内容'));
    await expectAccessible(page, '审批');
    await page.getByRole('button', { name: /退\s*回/ }).click();
    await settle(page, page.getByRole('dialog'));
    await expectAccessible(page, '审批 · 退回');
    await page.close();
  });

  it('the district liaison’s 通知签收 and its 签收 dialog', async () => {
    const page = await signIn('liaison-jiangbei');
    await open(page, '/notices', (p) => p.locator('[data-testid^="notice-"]'));
    await expectAccessible(page, '通知签收 · 联络员');
    await page.locator('[data-testid^="notice-"]').first().getByRole('button', { name: /签\s*收/ }).click();
    await settle(page, page.getByRole('dialog').getByTestId('notice-body'));
    await expectAccessible(page, '签收');
    await page.close();
  });
});

describe('on the way', () => {
  it('met no page error, console error or server error', () => {
    expect(problems).toEqual([]);
  });
});
