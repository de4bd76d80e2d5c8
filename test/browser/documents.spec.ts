// 下载公文（PDF） in a real browser: the district liaison's 通知签收 and the organiser's 签收情况 each
// download the notice's document, named by its number and title, and it reads as the notice.
import { readFile } from 'node:fs/promises';
import { apiClient } from '../support/api-client';
import { pendingNoticeOf, stepIs, walkEvent } from '../support/api-walk';
import { browserTestFile, watchProblems } from '../support/browser';
import { pdfText, squeezed } from '../support/pdf-text';

jest.setTimeout(300_000);

const ORGANISER = 'organiser-family-children';
const LIAISON = 'liaison-yuzhong';
const TITLE = '2027年垃圾分类亲子活动（公文下载）';

const { signIn, problems, baseUrl } = browserTestFile('documents');
const client = apiClient(baseUrl);
let eventId = '';
let docNumber = '';

beforeAll(async () => {
  const created = await client.api<{ id: string }>(await client.as(ORGANISER), 'POST', '/events', {
    templateCode: 'childrens-day-sorting',
    title: TITLE,
    startsAt: new Date(Date.now() + 40 * 24 * 3600_000).toISOString(),
  });
  expect(created.status).toBe(201);
  eventId = created.body.id;
  await walkEvent(client, eventId, [ORGANISER, 'head-family-children', 'vice-chair-2'], stepIs('activity-notice', 'active'));
  await pendingNoticeOf(client, LIAISON, eventId);
  const mine = await client.api<{ eventId: string; docNumber: string }[]>(await client.as(LIAISON), 'GET', '/notices');
  docNumber = mine.body.find((n) => n.eventId === eventId)!.docNumber;
});

it("downloads the notice's PDF from 通知签收 and from 签收情况", async () => {
  const liaison = await signIn(LIAISON);
  watchProblems(liaison, problems);
  await liaison.getByRole('menuitem', { name: '通知签收' }).click();
  const item = liaison.locator('.ant-list-item').filter({ hasText: docNumber });
  const [download] = await Promise.all([liaison.waitForEvent('download'), item.getByRole('button', { name: '下载公文（PDF）' }).click()]);
  expect(download.suggestedFilename()).toBe(`${docNumber}-关于开展庆祝“六一”国际儿童节垃圾分类亲子主题活动的通知.pdf`);
  const text = squeezed(await pdfText(await readFile(await download.path())));
  expect(text).toContain(docNumber);
  expect(text).toContain('各区县（自治县）妇联，两江新区、万盛经开区妇联：');

  const organiser = await signIn(ORGANISER);
  watchProblems(organiser, problems);
  await organiser.goto(`${baseUrl()}/events/${eventId}`);
  await organiser.getByRole('tab', { name: '签收情况' }).click();
  const rollup = organiser.getByTestId('receipts-activity-notice');
  const [again] = await Promise.all([organiser.waitForEvent('download'), rollup.getByRole('button', { name: '下载公文（PDF）' }).click()]);
  expect(again.suggestedFilename()).toBe(download.suggestedFilename());
  expect(await readFile(await again.path())).toEqual(await readFile(await download.path()));
  expect(problems).toEqual([]);
});
