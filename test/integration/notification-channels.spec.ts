// Every delivery channel, proven on the wire: a real SMTP server and a local HTTP server stand in for
// the mail server, the WeCom and DingTalk robots and a webhook receiver; the whole application (API
// and worker, with its outbox dispatcher) runs against them. Notifications are written through the
// same function the activities use, or by the workflow itself (an organiser's cancellation).
import { createHmac, randomUUID } from 'node:crypto';
import * as nodeIcal from 'node-ical';
import { DataSource } from 'typeorm';
import { insertInbox, type InboxRow } from '../../activities/notifications';
import { dataSourceOptions } from '../../src/database/data-source';
import { calendarUid, type CalendarPayload } from '../../workflows/calendar-payload';
import { apiClient } from '../support/api-client';
import { eventually, startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from '../support/mail-capture';
import { startTestApp, type TestApp } from '../support/shared';

const MAX_ATTEMPTS = 3;
const BACKOFF_MS = 200;
const DINGTALK_SECRET = 'SEC0123456789abcdef-yuzhong';
const WEBHOOK_SECRET = 'whsec-yuzhong-0123456789';

interface Problem {
  statusCode: number;
  message: { 'zh-CN': string; en: string };
  details?: { field: string; message: { 'zh-CN': string; en: string } }[];
}

describe('notification channels on the wire', () => {
  let smtp: SmtpCapture;
  let robots: HttpReceiver;
  let t: TestApp;
  let ds: DataSource;
  const { as, api } = apiClient(() => t.baseUrl);
  const ids = new Map<string, string>();

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    robots = await startHttpReceiver((req) => {
      if (req.path.startsWith('/failing')) return { status: 500, body: { error: 'receiver is down' } };
      if (req.path.startsWith('/wecom') || req.path.startsWith('/dingtalk')) return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
      return { status: 204 };
    });
    t = await startTestApp({
      SMTP_URL: smtp.url,
      NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      NOTIFY_BACKOFF_MS: String(BACKOFF_MS),
      WEBHOOK_TIMEOUT_MS: '2000',
      // The robots and the webhook receiver are this local server: the testing settings of the
      // outbound policy point the robots at it and let plain http to 127.0.0.1 through.
      WECOM_ROBOT_URL: `${robots.url}/wecom/send`,
      DINGTALK_ROBOT_URL: `${robots.url}/dingtalk/robot/send`,
      WEBHOOK_ALLOW_HTTP: 'true',
      OUTBOUND_ALLOW_PRIVATE: '127.0.0.1',
    });
    ds = new DataSource(dataSourceOptions(t.config.database.url!, 2));
    await ds.initialize();
    for (const row of await ds.query<{ id: string; username: string }[]>('SELECT id, username FROM users')) ids.set(row.username, row.id);

    // 渝中区妇联: its liaison sets up the unit's three robots and moves her own email to the office mailbox.
    const liaison = await as('liaison-yuzhong');
    const put = await api(liaison, 'PUT', '/units/district-yuzhong/channels', {
      robots: [
        { channel: 'wecom', url: `${robots.url}/wecom/send?key=yuzhong-key` },
        { channel: 'dingtalk', url: `${robots.url}/dingtalk/robot/send?access_token=yuzhong-token`, secret: DINGTALK_SECRET },
        { channel: 'webhook', url: `${robots.url}/webhook/yuzhong`, secret: WEBHOOK_SECRET },
      ],
    });
    expect(put.status).toBe(200);
    const mine = await api(liaison, 'PUT', '/me/channels', { email: { enabled: true, address: 'yuzhong-office@fulian.example' } });
    expect(mine.status).toBe(200);
    // 江北区妇联: the administrator gives it a webhook whose receiver is down, and a working WeCom robot.
    const setJiangbei = await api(await as('admin'), 'PUT', '/units/district-jiangbei/channels', {
      robots: [
        { channel: 'webhook', url: `${robots.url}/failing/jiangbei`, secret: 'whsec-jiangbei-0123456789' },
        { channel: 'wecom', url: `${robots.url}/wecom/send?key=jiangbei-key` },
      ],
    });
    expect(setJiangbei.status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    await ds?.destroy();
    await smtp?.close();
    await robots?.close();
  });

  // ---- helpers ---------------------------------------------------------------------------------

  /** Writes notifications exactly as the activities do (one transaction, outbox included). */
  const enqueue = (rows: InboxRow[]) => ds.transaction((m) => insertInbox(m, rows));

  const row = (username: string, key: string, subject: [string, string], body: [string, string], extra: Partial<InboxRow> = {}): InboxRow => ({
    key: `${key}:${ids.get(username)}`,
    recipientId: ids.get(username)!,
    eventId: null,
    stepId: null,
    kind: 'notice',
    subject: { 'zh-CN': subject[0], en: subject[1] },
    body: { 'zh-CN': body[0], en: body[1] },
    ...extra,
  });

  async function notificationId(key: string): Promise<string> {
    const [r] = await ds.query<{ id: string }[]>('SELECT id FROM notifications WHERE idempotency_key = $1', [key]);
    return r.id;
  }

  const mailTo = (address: string, pred: (m: CapturedMail) => boolean = () => true) =>
    eventually(`a message to ${address}`, () => smtp.messages.find((m) => m.rcptTo.includes(address) && pred(m)));

  const requestWith = (path: string, needle: string) =>
    eventually(`a request to ${path} mentioning ${needle}`, () => robots.requests.find((r) => r.path.startsWith(path) && r.body.includes(needle)));

  const deliveriesOf = (notificationIds: string[]) =>
    ds.query<{ channel: string; target: string; status: string; attempts: number; message_id: string | null; last_error: string | null }[]>(
      'SELECT channel, target, status, attempts, message_id, last_error FROM notification_deliveries WHERE notification_id = ANY($1::uuid[]) ORDER BY channel, target',
      [notificationIds],
    );

  // ---- email and robots ------------------------------------------------------------------------
  describe('a notice to the two contacts of 渝中区妇联', () => {
    const key = 'test-notice-1';
    const subject: [string, string] = ['渝妇发〔2027〕3号 关于开展“六一”主题活动的通知', "Notice on the Children's Day activity"];
    const body: [string, string] = ['请各区县妇联于5月20日前报送活动方案。', 'Please send your plans by 20 May.'];
    let rows: InboxRow[];

    beforeAll(async () => {
      rows = [row('liaison-yuzhong', key, subject, body), row('district-chair-yuzhong', key, subject, body)];
      expect(await enqueue(rows)).toBe(2);
    });

    it('sends each person one email over SMTP: envelope, subject, Chinese text and HTML, a deterministic Message-ID', async () => {
      const id = await notificationId(rows[0].key);
      const mail = await mailTo('yuzhong-office@fulian.example', (m) => m.parsed.subject === subject[0]);
      expect(mail.mailFrom).toBe('noreply@fulian.example');
      expect(mail.rcptTo).toEqual(['yuzhong-office@fulian.example']);
      expect(mail.parsed.from?.value[0]).toEqual({ name: '重庆市妇联 fulian-flow', address: 'noreply@fulian.example' });
      expect(mail.parsed.subject).toBe(subject[0]);
      expect(mail.messageId).toBe(`<${id}.email@fulian-flow>`);
      const text = mail.parsed.text ?? '';
      expect(text).toContain(body[0]);
      expect(text).toContain(body[1]);
      expect(text.indexOf(body[0])).toBeLessThan(text.indexOf(body[1])); // Chinese first
      const html = String(mail.parsed.html);
      expect(html).toContain('lang="zh-CN"');
      expect(html).toContain(body[0]);
      expect(html).toContain('渝妇发〔2027〕3号');
      expect(html.indexOf(body[0])).toBeLessThan(html.indexOf(body[1]));
      expect(mail.parsed.attachments).toEqual([]); // no calendar on this one

      await mailTo('district-chair-yuzhong@fulian.example', (m) => m.parsed.subject === subject[0]);
    });

    it("posts WeCom markdown to the unit's robot, once for the unit", async () => {
      const req = await requestWith('/wecom/send', '3号');
      expect(req.query.get('key')).toBe('yuzhong-key');
      const payload = JSON.parse(req.body) as { msgtype: string; markdown: { content: string } };
      expect(payload.msgtype).toBe('markdown');
      expect(payload.markdown.content).toContain(`### ${subject[0]}`);
      expect(payload.markdown.content).toContain('致：渝中区妇联');
      expect(payload.markdown.content).toContain(body[0]);
      expect(payload.markdown.content).toContain(body[1]);
    });

    it('signs the DingTalk request as DingTalk checks it: HMAC-SHA256 of "timestamp\\nsecret", base64, URL-encoded', async () => {
      const req = await requestWith('/dingtalk/robot/send', '3号');
      expect(req.query.get('access_token')).toBe('yuzhong-token');
      const timestamp = req.query.get('timestamp')!;
      expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
      const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
      expect(req.query.get('sign')).toBe(expected);
      const payload = JSON.parse(req.body) as { msgtype: string; markdown: { title: string; text: string } };
      expect(payload).toMatchObject({ msgtype: 'markdown', markdown: { title: subject[0] } });
      expect(payload.markdown.text).toContain(body[0]);
    });

    it('signs the webhook body: X-Fulian-Signature = sha256=<hex HMAC of "timestamp.body">', async () => {
      const req = await requestWith('/webhook/yuzhong', '3号');
      const timestamp = req.headers['x-fulian-timestamp'] as string;
      expect(Math.abs(Number(timestamp) * 1000 - Date.now())).toBeLessThan(60_000);
      const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${req.body}`).digest('hex')}`;
      expect(req.headers['x-fulian-signature']).toBe(expected);
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      const payload = JSON.parse(req.body) as { notificationId: string; subject: { 'zh-CN': string }; unit: { code: string } };
      expect(payload.subject['zh-CN']).toBe(subject[0]);
      expect(payload.unit.code).toBe('district-yuzhong');
      expect([await notificationId(rows[0].key), await notificationId(rows[1].key)]).toContain(payload.notificationId);
      expect(req.headers['x-fulian-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('marks every delivery sent, and a retried activity enqueues nothing twice', async () => {
      const notificationIds = [await notificationId(rows[0].key), await notificationId(rows[1].key)];
      const all = await eventually('all deliveries sent', async () => {
        const list = await deliveriesOf(notificationIds);
        return list.length === 5 && list.every((d) => d.status === 'sent') ? list : undefined;
      });
      // two people's email; the unit's three robots once (not once per person)
      expect(all.map((d) => d.channel).sort()).toEqual(['dingtalk', 'email', 'email', 'webhook', 'wecom']);
      expect(all.filter((d) => d.channel === 'email').map((d) => d.message_id).sort()).toEqual(notificationIds.map((id) => `<${id}.email@fulian-flow>`).sort());

      expect(await enqueue(rows)).toBe(0); // the activity's retry
      await new Promise((r) => setTimeout(r, 1500)); // longer than the dispatcher's poll
      expect(await deliveriesOf(notificationIds)).toHaveLength(5);
      expect(smtp.messages.filter((m) => m.parsed.subject === subject[0])).toHaveLength(2);
      expect(robots.requests.filter((r) => r.body.includes('3号'))).toHaveLength(3);
    });
  });

  // ---- calendar invitations -------------------------------------------------------------------
  describe('meeting invitations', () => {
    const eventId = randomUUID();
    const meeting = (sequence: number, method: CalendarPayload['method'], start: string): CalendarPayload => ({
      uid: calendarUid(eventId),
      sequence,
      method,
      start,
      end: new Date(Date.parse(start) + 2 * 3600_000).toISOString(),
      summary: '家庭教育工作推进会',
      location: '重庆市妇女儿童活动中心',
      description: '请准时参会。',
    });

    function icsOf(mail: CapturedMail): { vevent: nodeIcal.VEvent; method: string | undefined; raw: string } {
      const part = mail.parsed.attachments.find((a) => /^(text\/calendar|application\/ics)/.test(a.contentType));
      expect(part).toBeDefined();
      const raw = part!.content.toString('utf8');
      const parsed = nodeIcal.sync.parseICS(raw);
      const vevent = Object.values(parsed).find((c): c is nodeIcal.VEvent => c?.type === 'VEVENT')!;
      const vcalendar = parsed.vcalendar as unknown as { method?: string } | undefined;
      return { vevent, method: vcalendar?.method, raw };
    }

    it('sends a rescheduled meeting as REQUEST with the same UID and a higher SEQUENCE, and a cancellation as CANCEL', async () => {
      const moved = '2027-05-20T01:30:00.000Z'; // 09:30 Beijing time
      await enqueue([
        row('liaison-yuzhong', `meeting-${eventId}:v2`, ['【改期】家庭教育工作推进会改至5月20日', 'Rescheduled: family education meeting moves to 20 May'], ['会议时间调整，请更新日程。', 'The meeting has moved; please update your calendar.'], {
          kind: 'event',
          calendar: meeting(2, 'REQUEST', moved),
        }),
      ]);
      const update = await mailTo('yuzhong-office@fulian.example', (m) => m.parsed.subject?.startsWith('【改期】') === true);
      const request = icsOf(update);
      expect(request.method).toBe('REQUEST');
      expect(request.vevent.uid).toBe(`event-${eventId}@fulian-flow`);
      expect(Number(request.vevent.sequence)).toBe(2);
      expect(request.vevent.summary).toBe('家庭教育工作推进会');
      expect(request.vevent.location).toBe('重庆市妇女儿童活动中心');
      expect(new Date(request.vevent.start).toISOString()).toBe(moved);
      expect(request.raw).toMatch(/ORGANIZER;CN="?重庆市妇联 fulian-flow"?:mailto:noreply@fulian\.example/);
      expect(update.raw).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
      expect(update.parsed.text).toContain('时间：2027年5月20日');
      expect(update.parsed.text).toContain('09:30');

      await enqueue([
        row('liaison-yuzhong', `meeting-${eventId}:cancel`, ['【取消】家庭教育工作推进会取消', 'Cancelled: family education meeting'], ['会议取消。', 'The meeting is cancelled.'], {
          kind: 'event',
          calendar: meeting(3, 'CANCEL', moved),
        }),
      ]);
      const cancel = await mailTo('yuzhong-office@fulian.example', (m) => m.parsed.subject?.startsWith('【取消】家庭教育') === true);
      const cancelled = icsOf(cancel);
      expect(cancelled.method).toBe('CANCEL');
      expect(cancelled.vevent.uid).toBe(`event-${eventId}@fulian-flow`);
      expect(Number(cancelled.vevent.sequence)).toBe(3);
      expect(cancelled.vevent.status).toBe('CANCELLED');
      expect(cancel.raw).toMatch(/method=CANCEL/i);
    });
  });

  // ---- failures, retries, dead letters ---------------------------------------------------------
  describe('a receiver that answers 500', () => {
    it('is retried with growing backoff, ends dead after NOTIFY_MAX_ATTEMPTS, while the other channels deliver', async () => {
      const key = 'test-failing-1';
      await enqueue([row('liaison-jiangbei', key, ['【提醒】请按时报送材料', 'Reminder: please send the materials'], ['江北区妇联：请按时报送。', 'Jiangbei: please send them on time.'])]);
      const id = await notificationId(`${key}:${ids.get('liaison-jiangbei')}`);

      const dead = await eventually('the webhook delivery to be dead', async () => {
        const [d] = (await deliveriesOf([id])).filter((x) => x.channel === 'webhook');
        return d?.status === 'dead' ? d : undefined;
      });
      expect(dead.attempts).toBe(MAX_ATTEMPTS);
      expect(dead.last_error).toMatch(/^HTTP 500/);
      const failing = robots.requests.filter((r) => r.path === '/failing/jiangbei');
      expect(failing).toHaveLength(MAX_ATTEMPTS);
      const gaps = failing.slice(1).map((r, i) => r.at - failing[i].at);
      expect(gaps[0]).toBeGreaterThanOrEqual(BACKOFF_MS * 0.9); // 200 ms, then 400 ms
      expect(gaps[1]).toBeGreaterThanOrEqual(BACKOFF_MS * 2 * 0.9);
      expect(gaps[1]).toBeGreaterThan(gaps[0]);

      // The others were not held up: email and the unit's WeCom robot each got it once.
      const others = (await deliveriesOf([id])).filter((x) => x.channel !== 'webhook');
      expect(others.map((d) => [d.channel, d.status, d.attempts])).toEqual([
        ['email', 'sent', 1],
        ['wecom', 'sent', 1],
      ]);
      await mailTo('liaison-jiangbei@fulian.example');
      expect(robots.requests.filter((r) => r.path === '/wecom/send' && r.query.get('key') === 'jiangbei-key')).toHaveLength(1);

      // The administrator sees it among the dead letters, with the error; nobody else may look.
      const letters = await api<{ items: { id: string; channel: string; target: string; attempts: number; lastError: string; recipient: { username: string } }[]; total: number }>(
        await as('admin'),
        'GET',
        '/notifications/dead-letters',
      );
      expect(letters.status).toBe(200);
      const letter = letters.body.items.find((l) => l.channel === 'webhook' && l.recipient.username === 'liaison-jiangbei');
      expect(letter).toMatchObject({ target: `${robots.url}/failing/jiangbei`, attempts: MAX_ATTEMPTS, lastError: expect.stringMatching(/^HTTP 500/) });
      expect((await api(await as('liaison-jiangbei'), 'GET', '/notifications/dead-letters')).status).toBe(403);

      // Once the receiver is fixed, an administrator can send it again (here it is still down).
      const retry = await api(await as('admin'), 'POST', `/notifications/dead-letters/${letter!.id}/retry`);
      expect(retry.status).toBe(200);
      await eventually('the retried letter to fail again', async () =>
        robots.requests.filter((r) => r.path === '/failing/jiangbei').length === 2 * MAX_ATTEMPTS &&
        (await deliveriesOf([id])).find((x) => x.channel === 'webhook')?.status === 'dead'
          ? true
          : undefined,
      );
    });
  });

  // ---- the in-app inbox ------------------------------------------------------------------------
  describe('the in-app inbox', () => {
    it('pages newest first, counts unread, marks read for the recipient only', async () => {
      const me = await as('head-publicity');
      expect((await api(me, 'POST', '/notifications/read-all')).status).toBe(200);
      for (let i = 1; i <= 5; i++) {
        await enqueue([row('head-publicity', `inbox-${i}`, [`第${i}条通知`, `Notice ${i}`], ['内容', 'Body'], { kind: 'event' })]);
        await new Promise((r) => setTimeout(r, 5));
      }
      expect((await api(me, 'GET', '/notifications/unread-count')).body).toEqual({ count: 5 });

      type Page = { items: { id: string; subject: { 'zh-CN': string }; readAt: string | null }[]; total: number; unread: number; page: number; pageSize: number };
      const first = await api<Page>(me, 'GET', '/notifications?pageSize=2');
      expect(first.status).toBe(200);
      expect(first.body.items.map((n) => n.subject['zh-CN'])).toEqual(['第5条通知', '第4条通知']);
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, unread: 5 });
      const second = await api<Page>(me, 'GET', '/notifications?pageSize=2&page=2');
      expect(second.body.items.map((n) => n.subject['zh-CN'])).toEqual(['第3条通知', '第2条通知']);
      expect(second.body.total).toBe(first.body.total);

      const read = await api<{ id: string; readAt: string }>(me, 'POST', `/notifications/${first.body.items[0].id}/read`);
      expect(read.status).toBe(200);
      expect(read.body.readAt).toEqual(expect.any(String));
      const again = await api<{ readAt: string }>(me, 'POST', `/notifications/${first.body.items[0].id}/read`);
      expect(again.body.readAt).toBe(read.body.readAt); // the first reading counts
      expect((await api(me, 'GET', '/notifications/unread-count')).body).toEqual({ count: 4 });
      const unread = await api<Page>(me, 'GET', '/notifications?unread=true&pageSize=100');
      expect(unread.body.total).toBe(4);
      expect(unread.body.items.map((n) => n.subject['zh-CN'])).toEqual(['第4条通知', '第3条通知', '第2条通知', '第1条通知']);

      // Somebody else's notification and an unknown id: both simply not found; a malformed id is refused.
      const othersId = await notificationId(`test-notice-1:${ids.get('liaison-yuzhong')}`);
      for (const id of [othersId, randomUUID()]) {
        const res = await api<Problem>(me, 'POST', `/notifications/${id}/read`);
        expect(res.status).toBe(404);
        expect(res.body.message).toEqual({ 'zh-CN': '通知不存在', en: 'Notification not found' });
      }
      const malformed = await api<Problem>(me, 'POST', '/notifications/not-a-uuid/read');
      expect([malformed.status, malformed.body.message]).toEqual([
        400,
        { 'zh-CN': '路径参数 id 须为 UUID（如 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d）', en: 'path parameter id must be a UUID (such as 3f2b8c1e-0d4a-4e5b-9c6d-7e8f9a0b1c2d)' },
      ]);
      const [{ read_at }] = await ds.query<{ read_at: Date | null }[]>('SELECT read_at FROM notifications WHERE id = $1', [othersId]);
      expect(read_at).toBeNull();

      expect((await api(me, 'POST', '/notifications/read-all')).body).toEqual({ marked: 4 });
      expect((await api(me, 'GET', '/notifications/unread-count')).body).toEqual({ count: 0 });
      expect((await api<Problem>(me, 'GET', '/notifications?pageSize=500')).status).toBe(400);
      expect((await api(null, 'GET', '/notifications')).status).toBe(401);
    });
  });

  // ---- preferences -----------------------------------------------------------------------------
  describe('channel preferences', () => {
    it("shows a unit's robots to its contact without their secrets", async () => {
      const res = await api<{ unit: { code: string }; robots: Record<string, unknown>[] }>(await as('liaison-yuzhong'), 'GET', '/units/district-yuzhong/channels');
      expect(res.status).toBe(200);
      expect(res.body.robots.map((r) => [r.channel, r.hasSecret])).toEqual([
        ['dingtalk', true],
        ['webhook', true],
        ['wecom', false],
      ]);
      expect(JSON.stringify(res.body)).not.toContain(DINGTALK_SECRET);
      expect(res.body.robots.every((r) => !('secret' in r))).toBe(true);
    });

    it('refuses bad robots with a 400 naming the field, other units with 403, unknown units with 404', async () => {
      const liaison = await as('liaison-yuzhong');
      // Each field problem in both languages, "中文 / English", one after another.
      const messages = (p: Problem) => (p.details ?? []).map((d) => `${d.message['zh-CN']} / ${d.message.en}`).join(' | ');
      const ftp = await api<Problem>(liaison, 'PUT', '/units/district-yuzhong/channels', { robots: [{ channel: 'wecom', url: 'ftp://robots.example/send' }] });
      expect(ftp.status).toBe(400);
      expect(messages(ftp.body)).toContain('robots.0.url 须为 http:// 或 https:// 开头的地址 / robots.0.url must be an http(s) URL');
      const sms = await api<Problem>(liaison, 'PUT', '/units/district-yuzhong/channels', { robots: [{ channel: 'sms', url: 'https://sms.example/send' }] });
      expect(sms.status).toBe(400);
      expect(messages(sms.body)).toContain('robots.0.channel');
      const unsigned = await api<Problem>(liaison, 'PUT', '/units/district-yuzhong/channels', {
        robots: [{ channel: 'wecom', url: `${robots.url}/wecom/send?key=yuzhong-key` }, { channel: 'webhook', url: 'https://oa.example/hook' }],
      });
      expect(unsigned.status).toBe(400);
      expect(unsigned.body.details?.map((d) => d.field)).toEqual(['robots.1.secret']);
      expect((await api(liaison, 'PUT', '/units/district-jiangbei/channels', { robots: [] })).status).toBe(403);
      expect((await api(liaison, 'GET', '/units/district-jiangbei/channels')).status).toBe(403);
      expect((await api(await as('admin'), 'GET', '/units/no-such-unit/channels')).status).toBe(404);
      // nothing was written by the refused requests
      const still = await api<{ robots: unknown[] }>(liaison, 'GET', '/units/district-yuzhong/channels');
      expect(still.body.robots).toHaveLength(3);

      const notEmail = await api<Problem>(liaison, 'PUT', '/me/channels', { email: { enabled: true, address: 'not-an-address' } });
      expect(notEmail.status).toBe(400);
      expect(messages(notEmail.body)).toContain('email.address');
      const missing = await api<Problem>(liaison, 'PUT', '/me/channels', {});
      expect(missing.status).toBe(400);
      expect(messages(missing.body)).toContain('email 必填 / email is required');
    });

    it('stops email for someone who switched it off, and resumes when switched back on', async () => {
      const me = await as('head-publicity');
      const off = await api(me, 'PUT', '/me/channels', { email: { enabled: false } });
      expect(off.body).toEqual({ email: { enabled: false, address: 'head-publicity@fulian.example' } });
      await enqueue([row('head-publicity', 'prefs-off', ['关闭邮件后', 'After switching email off'], ['内容', 'Body'])]);
      const quiet = await notificationId(`prefs-off:${ids.get('head-publicity')}`);
      expect(await deliveriesOf([quiet])).toEqual([]);

      expect((await api(me, 'PUT', '/me/channels', { email: { enabled: true } })).body).toEqual({ email: { enabled: true, address: 'head-publicity@fulian.example' } });
      await enqueue([row('head-publicity', 'prefs-on', ['重新开启邮件', 'Email back on'], ['内容', 'Body'])]);
      await mailTo('head-publicity@fulian.example', (m) => m.parsed.subject === '重新开启邮件');
    });
  });

  // ---- through the workflow, and the private calendar feed ------------------------------------
  describe("an organiser's event", () => {
    it('appears in the private calendar feed; its cancellation reaches the mailbox and the feed', async () => {
      const organiser = await as('organiser-family-children');
      const startsAt = new Date(Math.ceil((Date.now() + 60 * 86_400_000) / 60_000) * 60_000).toISOString(); // calendars keep whole seconds
      const created = await api<{ id: string }>(organiser, 'POST', '/events', {
        templateCode: 'childrens-day-sorting',
        title: '日历订阅测试活动',
        startsAt,
        venue: '重庆市妇女儿童活动中心',
      });
      expect(created.status).toBe(201);
      const eventId = created.body.id;

      const feedUrl = await api<{ url: string }>(organiser, 'GET', '/me/calendar');
      expect(feedUrl.status).toBe(200);
      expect(feedUrl.body.url).toMatch(/\/api\/calendar\/[\w-]{32}\.ics$/);
      expect((await api<{ url: string }>(organiser, 'GET', '/me/calendar')).body.url).toBe(feedUrl.body.url); // kept
      const feedPath = new URL(feedUrl.body.url).pathname;
      const readFeed = async () => {
        const res = await fetch(`${t.baseUrl}${feedPath}`); // no token: the URL is the credential
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
        const events = Object.values(nodeIcal.sync.parseICS(await res.text())).filter((c): c is nodeIcal.VEvent => c?.type === 'VEVENT');
        return events.find((e) => e.uid === `event-${eventId}@fulian-flow`);
      };
      const listed = await readFeed();
      expect(listed).toMatchObject({ summary: '日历订阅测试活动', location: '重庆市妇女儿童活动中心', status: 'CONFIRMED' });
      expect(new Date(listed!.start).toISOString()).toBe(startsAt);

      const cancel = await api(organiser, 'POST', `/events/${eventId}/cancel`, { reason: '场地检修' });
      expect(cancel.status).toBe(200);
      const told = await mailTo('organiser-family-children@fulian.example', (m) => m.parsed.subject?.startsWith('【取消】日历订阅测试活动') === true);
      expect(told.parsed.text).toContain('场地检修');
      await eventually('the feed to show the cancellation', async () => ((await readFeed())?.status === 'CANCELLED' ? true : undefined));

      expect((await fetch(`${t.baseUrl}/api/calendar/not-a-real-token.ics`)).status).toBe(404);
      const reset = await api<{ url: string }>(organiser, 'POST', '/me/calendar/reset');
      expect(reset.body.url).not.toBe(feedUrl.body.url);
      expect((await fetch(`${t.baseUrl}${feedPath}`)).status).toBe(404); // the old URL stops working
    });
  });
});
