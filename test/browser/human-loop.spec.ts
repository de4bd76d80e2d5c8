// Issue 12's "Done when", walked in a real Chromium as the people of an A1 event (纪念"三八"110周年)
// would: the organiser writes the plan with its 方案文本 attached and copies 权益部 on it; the head of
// 组织部 opens the attachment and sends the plan back with a comment; round 2 opens filled in with the
// comment beside it, is changed and resubmitted, and signed off; 权益部 finds it in 抄送我的; units
// nominate through their receipts, and the organiser exports them to .xlsx (read back here); 改期
// previews the receipt deadline it moves; 操作记录 reads well on a phone. axe-core checks each page
// on the way. Steps that are not the point (budget, venue, guests, the other signers) go through the API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { apiClient } from '../support/api-client';
import { acknowledge, openTaskOf, pendingNoticeOf, stepIs, walkEvent } from '../support/api-walk';
import { expectAccessible } from '../support/axe';
import { browserTestFile, PHONE, screenshot } from '../support/browser';

jest.setTimeout(900_000);

const ORGANISER = 'organiser-organisation';
const HEAD = 'head-organisation';
const OTHER_SIGNERS = ['head-publicity', 'vice-chair-1', 'chair'];
const CC_UNIT = { code: 'dept-rights', name: '权益部', reader: 'head-rights' };
const TITLE = '2027年纪念"三八"国际妇女节110周年系列活动';
const THEME_1 = '巾帼建新功 奋进新征程';
const THEME_2 = '巾帼心向党 建功新时代';
const RETURN_COMMENT = '请把主题改得更贴近"心向党"，并补充系列活动的时间安排';

const { signIn, problems, baseUrl } = browserTestFile('human-loop');
const client = apiClient(baseUrl);
const { api, as } = client;

/** A small real PNG (a rose square): what an organiser would attach as a scan of the plan's cover. */
function pngBytes(size = 16): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([0xc2, 0x18, 0x5b]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

const formItem = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: scope.page().locator(`label[title="${label}"]`) });

async function settle(page: Page, ready: Locator): Promise<void> {
  await ready.first().waitFor();
  await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached' });
  await page.locator('[class*="-appear"], [class*="-enter"]').first().waitFor({ state: 'detached' });
}

async function openTask(page: Page, taskId: string): Promise<void> {
  await page.goto(`${baseUrl()}/tasks/${taskId}`);
  await settle(page, page.locator('.ant-card').first());
}

let eventId = '';
/** What each step of the walk found, for the report at the end. */
const walked: string[] = [];

beforeAll(async () => {
  const started = await api<{ id: string }>(await as(ORGANISER), 'POST', '/events', {
    templateCode: 'womens-day-110',
    title: TITLE,
    startsAt: new Date(Date.now() + 90 * 24 * 3600_000).toISOString(),
    venue: '重庆市人民大礼堂',
  });
  expect(started.status).toBe(201);
  eventId = started.body.id;
});

afterAll(() => {
  console.info(`human-loop walk:\n${walked.map((w) => `  ✓ ${w}`).join('\n')}`);
});

test('the organiser writes the plan with its 方案文本 attached, and copies 权益部 on it', async () => {
  const organiser = await signIn(ORGANISER);
  const draft = await openTaskOf(client, ORGANISER, eventId, 'draft-plan');
  await openTask(organiser, draft.id);
  const form = organiser.locator('.ant-card').filter({ has: organiser.locator('form') });
  await formItem(form, '活动主题').locator('input').fill(THEME_1);
  const activities = formItem(form, '系列活动项目').locator('input');
  for (const entry of ['三八红旗手（集体）评选表彰', '典型事迹报告会']) {
    await activities.fill(entry);
    await activities.press('Enter');
  }
  await formItem(form, '三八红旗手评选名额').locator('input').fill('100');
  await formItem(form, '三八红旗集体评选名额').locator('input').fill('50');
  await formItem(form, '方案文本').locator('input[type="file"]').setInputFiles({ name: '系列活动方案封面.png', mimeType: 'image/png', buffer: pngBytes() });
  await form.getByText('系列活动方案封面.png').waitFor();
  await organiser.locator('.ant-upload-list-item-uploading').first().waitFor({ state: 'detached' });
  await expectAccessible(organiser, '方案起草（第 1 轮）');
  await form.getByRole('button', { name: /提\s*交/ }).click();
  await organiser.getByRole('heading', { name: '待办' }).waitFor();
  walked.push('方案起草 in the browser with a PNG attached to 方案文本');

  // 抄送: from the submitted task, to a department that takes no part in it.
  await openTask(organiser, draft.id);
  await organiser.getByRole('button', { name: /抄\s*送/ }).click();
  const dialog = organiser.getByRole('dialog');
  await settle(organiser, dialog);
  await formItem(dialog, '抄送单位').locator('.ant-select').click();
  await organiser.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: CC_UNIT.name }).first().click();
  await organiser.keyboard.press('Escape');
  await dialog.getByRole('button', { name: /抄\s*送/ }).click();
  await organiser.getByText('已抄送').first().waitFor();
  walked.push(`抄送 ${CC_UNIT.name} from the submitted plan`);
  await organiser.close();

  await walkEvent(client, eventId, [ORGANISER], stepIs('plan-approval', 'active'));
});

test('the head of 组织部 opens the attached plan and sends it back with a comment', async () => {
  const head = await signIn(HEAD);
  const signOff = await openTaskOf(client, HEAD, eventId, 'plan-approval');
  await openTask(head, signOff.id);
  await head.getByText('待审批内容', { exact: false }).first().waitFor();
  await head.getByText(THEME_1).first().waitFor();
  await expectAccessible(head, '方案审批（第 1 轮）');

  // The attachment opens in a tab of its own, as the image it is.
  const [tab] = await Promise.all([head.context().waitForEvent('page'), head.getByRole('button', { name: '打开附件 系列活动方案封面.png' }).click()]);
  await tab.waitForURL(/^blob:/);
  // (Chromium shows an image URL as a document holding that one image.)
  const shown = await tab.evaluate(() => {
    const { document } = globalThis as unknown as { document: { contentType: string; images: { naturalWidth: number }[] } };
    return { type: document.contentType, width: document.images[0]?.naturalWidth };
  });
  expect(shown).toEqual({ type: 'image/png', width: 16 });
  await tab.close();
  walked.push('the approver opened the attached PNG (in a tab of its own, shown as the 16×16 image/png it is)');

  await head.getByRole('button', { name: /退\s*回/ }).click();
  const dialog = head.getByRole('dialog');
  await settle(head, dialog);
  await dialog.getByLabel('退回意见（必填）').fill(RETURN_COMMENT);
  await dialog.getByRole('button', { name: /退\s*回/ }).click();
  await head.getByText('已退回').first().waitFor();
  walked.push('退回 with a comment');
  await head.close();
});

test('round 2 opens filled in with the comment beside it; changed and resubmitted, it is signed off', async () => {
  const organiser = await signIn(ORGANISER);
  const round2 = await openTaskOf(client, ORGANISER, eventId, 'draft-plan');
  await openTask(organiser, round2.id);
  await organiser.getByText(RETURN_COMMENT, { exact: false }).first().waitFor();
  await organiser.getByText('已填入上一轮提交的内容').first().waitFor();
  const form = organiser.locator('.ant-card').filter({ has: organiser.locator('form') });
  const theme = formItem(form, '活动主题').locator('input');
  expect(await theme.inputValue()).toBe(THEME_1);
  await form.getByText('系列活动方案封面.png').waitFor(); // the attachment carried over too
  await expectAccessible(organiser, '方案起草（第 2 轮）');
  await theme.fill(THEME_2);
  await form.getByRole('button', { name: /提\s*交/ }).click();
  await organiser.getByRole('heading', { name: '待办' }).waitFor();
  await organiser.close();
  walked.push('round 2 started from round 1 (theme and attachment), the 退回 comment shown');

  await walkEvent(client, eventId, [ORGANISER], stepIs('plan-approval', 'active'));
  const head = await signIn(HEAD);
  const signOff = await openTaskOf(client, HEAD, eventId, 'plan-approval');
  await openTask(head, signOff.id);
  await head.getByText(THEME_2).first().waitFor();
  await head.getByText('历次提交与审批意见').waitFor();
  // Round 1, folded under the current one, opens with its opinion.
  await head.locator('.ant-collapse-header').filter({ hasText: '第 1 轮' }).click();
  await head.locator('[data-round="1"]').getByText(RETURN_COMMENT, { exact: false }).waitFor();
  await expectAccessible(head, '方案审批（第 2 轮）');
  await head.getByRole('button', { name: /同\s*意/ }).click();
  await head.getByRole('dialog').getByRole('button', { name: /同\s*意/ }).click();
  await head.getByText('已同意').first().waitFor();
  await head.close();
  await walkEvent(client, eventId, [HEAD, ...OTHER_SIGNERS], stepIs('selection-notice', 'active'));
  walked.push('round 2 signed off (the head in the browser, seeing round 1\'s opinion; the others through the API)');
});

test(`${CC_UNIT.name} finds the plan in 抄送我的`, async () => {
  const reader = await signIn(CC_UNIT.reader);
  await reader.getByRole('link', { name: /待办/ }).first().click();
  await reader.getByRole('heading', { name: '待办' }).waitFor();
  await reader.getByText('抄送我的', { exact: true }).click();
  await settle(reader, reader.getByText(TITLE));
  await expectAccessible(reader, '抄送我的');
  await reader.close();
  walked.push(`${CC_UNIT.reader} sees the event in 抄送我的`);
});

test('the units’ receipts, with their nominations, export to .xlsx and read back', async () => {
  const nominations: Record<string, string> = { 'liaison-yuzhong': '王小红', 'liaison-jiangbei': '李春梅' };
  for (const [liaison, nominee] of Object.entries(nominations)) {
    await acknowledge(client, liaison, await pendingNoticeOf(client, liaison, eventId), { nominees: [nominee] });
  }
  const organiser = await signIn(ORGANISER);
  await organiser.goto(`${baseUrl()}/events/${eventId}`);
  await organiser.getByRole('tab', { name: '签收情况' }).click();
  const rollup = organiser.getByTestId('receipts-selection-notice');
  await settle(organiser, rollup.getByText('王小红'));
  await expectAccessible(organiser, '签收情况');
  const [download] = await Promise.all([organiser.waitForEvent('download'), rollup.getByRole('button', { name: /导出签收情况/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = join(mkdtempSync(join(tmpdir(), 'human-loop-')), download.suggestedFilename());
  await download.saveAs(file);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0];
  const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).filter((c) => c !== undefined).map(String));
  expect(rows[0]).toEqual(expect.arrayContaining(['单位', '推荐三八红旗手人选']));
  expect(rows.find((r) => r.includes('渝中区妇联'))?.join(' ')).toContain('王小红');
  expect(rows.find((r) => r.includes('江北区妇联'))?.join(' ')).toContain('李春梅');
  walked.push(`签收情况 downloaded as ${download.suggestedFilename()} (${rows.length} rows) and parsed: Chinese headers, both nominations`);
  await organiser.close();
});

test('改期 previews the moves, naming the receipt deadline, before it is confirmed', async () => {
  const organiser = await signIn(ORGANISER);
  await organiser.goto(`${baseUrl()}/events/${eventId}`);
  await organiser.getByRole('button', { name: /改\s*期/ }).click();
  const dialog = organiser.getByRole('dialog');
  await settle(organiser, dialog);
  const later = new Date(Date.now() + 97 * 24 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const date = dialog.getByLabel('活动开始时间');
  await date.click();
  await date.fill(`${later} 09:30`);
  await date.press('Tab');
  await dialog.getByLabel('原因').fill('与全市表彰大会错开');
  await dialog.getByRole('button', { name: /预览调整/ }).click();
  const preview = organiser.getByTestId('reschedule-preview');
  await settle(organiser, preview);
  await preview.getByText('回执截止', { exact: false }).first().waitFor();
  await expectAccessible(organiser, '改期 · 预览');
  walked.push(`改期 preview: ${(await preview.innerText()).replace(/\s+/g, ' ').slice(0, 160)}`);
  await dialog.getByRole('button', { name: /确认改期/ }).click();
  await organiser.getByText('已改期').first().waitFor();
  await organiser.close();
});

test('操作记录 reads well on a phone: step names, no row taller than 200 px', async () => {
  const phone = await signIn(ORGANISER, PHONE);
  await phone.goto(`${baseUrl()}/events/${eventId}`);
  await phone.getByRole('tab', { name: '操作记录' }).click();
  const list = phone.getByTestId('audit-list');
  await settle(phone, list.locator('[data-testid^="audit-"]'));
  await screenshot(phone, 'human-loop-audit-phone');
  const text = await list.innerText();
  expect(text).toContain('系列活动方案起草');
  expect(text).not.toMatch(/\b(draft-plan|plan-approval|selection-notice)\b/);
  expect(text).toContain(RETURN_COMMENT); // the 退回 with its opinion
  expect(text).toMatch(/活动改期[^]*\d+月\d+日 \d\d:\d\d → \d+月\d+日 09:30/); // 改期 from → to
  const heights = await list.locator('[data-testid^="audit-"]').evaluateAll((rows) => rows.map((r) => Math.round(r.getBoundingClientRect().height)));
  expect(heights.length).toBeGreaterThan(5);
  expect(Math.max(...heights)).toBeLessThanOrEqual(200);
  await expectAccessible(phone, '操作记录（390 px）');
  walked.push(`操作记录 at 390 px: ${heights.length} rows, tallest ${Math.max(...heights)} px, step names in Chinese`);
  await phone.close();
});

test('met no page error, console error or server error on the way', () => {
  expect(problems).toEqual([]);
});
