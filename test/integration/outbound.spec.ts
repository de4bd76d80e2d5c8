// Outbound calls (robots and webhooks) as an attacker would try them: a unit contact saving a URL
// that points inside the network, a row edited in the database behind the API's back, a name that
// resolves to loopback, a far end that answers with a body worth stealing, and an event title that
// tries to plant a link in an official group message. Real HTTP receivers, the real outbox.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fetch } from 'undici';
import { insertInbox, type InboxRow } from '../../activities/notifications';
import { dataSourceOptions } from '../../src/database/data-source';
import { ScrubDeliveryErrors1765200000000 } from '../../src/database/migrations/1765200000000-ScrubDeliveryErrors';
import { guardedAgent, OutboundHttp } from '../../src/notifications/channels/http';
import { OutboundPolicy, RefusedAddressError } from '../../src/notifications/channels/outbound-policy';
import { apiClient } from '../support/api-client';
import { eventually, startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { startTestApp, type TestApp } from '../support/shared';

interface Problem {
  statusCode: number;
  message: { 'zh-CN': string; en: string };
  details?: { field: string; message: { 'zh-CN': string; en: string } }[];
}

const SECRET = 'whsec-outbound-0123456789';
const OFFICIAL = { wecomUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', dingtalkUrl: 'https://oapi.dingtalk.com/robot/send', allowHttp: false, allowPrivate: [] };
/** The far end's body: what a probe of an internal service would bring back. */
const LOOT = 'FATAL: password authentication failed for user "postgres" at 10.0.3.7';

describe('outbound calls: robots and webhooks reach only public endpoints', () => {
  // ---- at save: the production rules (no testing settings) ------------------------------------
  describe('saving a unit robot under the default rules', () => {
    let strict: TestApp;
    const { as, api } = apiClient(() => strict.baseUrl);

    beforeAll(async () => {
      // No worker: nothing here is sent, and the official endpoints are not reachable from a test.
      strict = await startTestApp({ RUN_WORKER: 'false' });
    });
    afterAll(async () => {
      await strict?.close();
    });

    const put = async (channel: string, url: string) =>
      api<Problem>(await as('liaison-yuzhong'), 'PUT', '/units/district-yuzhong/channels', {
        robots: [{ channel, url, ...(channel === 'webhook' ? { secret: SECRET } : {}) }],
      });

    // [channel, url, the rule's English words]
    const refused: [string, string, string][] = [
      ['webhook', 'https://127.0.0.1:5433/', '127.0.0.1 is a loopback address, not a public address'],
      ['webhook', 'https://[::1]:7233/api', '::1 is a loopback address'],
      ['webhook', 'https://0x7f000001/', '127.0.0.1 is a loopback address'],
      ['webhook', 'https://2130706433/', '127.0.0.1 is a loopback address'],
      ['webhook', 'https://127.1/', '127.0.0.1 is a loopback address'],
      ['webhook', 'https://%31%32%37.0.0.1/', '127.0.0.1 is a loopback address'],
      ['webhook', 'https://[::ffff:127.0.0.1]/', '::ffff:7f00:1 (127.0.0.1) is an IPv4-mapped address'],
      ['webhook', 'https://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
      ['webhook', 'https://[fe80::1]/', 'fe80::1 is a link-local address'],
      ['webhook', 'https://[fd12:3456::1]/', 'fd12:3456::1 is a unique-local address'],
      ['webhook', 'https://10.1.2.3/hook', '10.1.2.3 is a private address'],
      ['webhook', 'https://172.20.0.5/hook', '172.20.0.5 is a private address'],
      ['webhook', 'https://192.168.1.10/hook', '192.168.1.10 is a private address'],
      ['webhook', 'https://100.64.0.1/hook', '100.64.0.1 is a carrier-grade NAT address'],
      ['webhook', 'https://224.0.0.1/', '224.0.0.1 is a multicast address'],
      ['webhook', 'https://0.0.0.0/', '0.0.0.0 is an unspecified address'],
      ['webhook', 'https://255.255.255.255/', '255.255.255.255 is a broadcast address'],
      ['webhook', 'https://192.0.2.10/', '192.0.2.10 is a reserved or documentation address'],
      ['webhook', 'https://[2001:db8::1]/', '2001:db8::1 is a reserved or documentation address'],
      ['webhook', 'https://[::127.0.0.1]/', '::7f00:1 is a reserved or documentation address'],
      ['webhook', 'https://localhost/hook', 'localhost is not a public host name'],
      ['webhook', 'https://localhost./hook', 'localhost. is not a public host name'],
      ['webhook', 'https://robots.localhost/hook', 'robots.localhost is not a public host name'],
      ['webhook', 'https://temporal:7233/', 'temporal is not a public host name'],
      ['webhook', 'https://ops:s3cret@hooks.fulian.example.com/notify', 'must not carry a user name or password'],
      ['webhook', 'http://hooks.fulian.example.com/notify', 'a webhook URL must start with https://'],
      ['wecom', 'https://hooks.fulian.example.com/cgi-bin/webhook/send?key=k', 'a WeCom robot URL must be https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'],
      ['wecom', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', 'a WeCom robot URL must be https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'],
      ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'a WeCom robot URL must be'],
      ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k&url=http://10.0.0.1', 'a WeCom robot URL must be'],
      ['wecom', 'https://x@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', 'must not carry a user name or password'],
      ['dingtalk', 'https://oapi.dingtalk.com.evil.example/robot/send?access_token=t', 'a DingTalk robot URL must be https://oapi.dingtalk.com/robot/send?access_token=…'],
      ['dingtalk', 'https://oapi.dingtalk.com/robot/send', 'a DingTalk robot URL must be'],
    ];

    it.each(refused)('refuses %s %s with a 400 naming the field and the rule', async (channel, url, rule) => {
      const res = await put(channel, url);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'robots.0.url', message: { 'zh-CN': expect.any(String), en: expect.stringContaining(rule) } }]);
      // The message says the same in each language: the field, and the rule it breaks.
      const { 'zh-CN': zh, en } = res.body.message;
      expect(zh).toContain('robots.0.url');
      expect(zh).toContain(res.body.details![0].message['zh-CN']);
      expect(en).toContain('robots.0.url');
      expect(en).toContain(rule);
    });

    it('names the rule in Chinese too', async () => {
      expect((await put('webhook', 'https://0x7f000001/')).body.details?.[0].message['zh-CN']).toBe('127.0.0.1 是本机回环地址，不是公网地址');
      expect((await put('wecom', 'https://hooks.fulian.example.com/send?key=k')).body.details?.[0].message['zh-CN']).toBe(
        '企业微信机器人地址须为 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
      );
    });

    it('accepts the official WeCom and DingTalk endpoints and an https webhook on a public name, and wrote nothing for the refusals', async () => {
      const liaison = await as('liaison-yuzhong');
      const robots = [
        { channel: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' },
        { channel: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=ab12cd34', secret: 'SEC0123456789abcdef' },
        { channel: 'webhook', url: 'https://oa.fulian.example.com/hooks/notify', secret: SECRET },
      ];
      const before = await api<{ robots: unknown[] }>(liaison, 'GET', '/units/district-yuzhong/channels');
      expect(before.body.robots).toEqual([]);
      const res = await api<{ robots: { channel: string; url: string }[] }>(liaison, 'PUT', '/units/district-yuzhong/channels', { robots });
      expect(res.status).toBe(200);
      expect(res.body.robots.map((r) => [r.channel, r.url])).toEqual([...robots].sort((a, b) => a.channel.localeCompare(b.channel)).map((r) => [r.channel, r.url]));
    });
  });

  // ---- at send and at connect: local receivers, the testing settings --------------------------
  describe('sending', () => {
    let good: HttpReceiver;
    /** On 127.0.0.2, which the testing settings do not let through: it must never hear anything. */
    let forbidden: HttpReceiver;
    let t: TestApp;
    let ds: DataSource;
    const { as, api } = apiClient(() => t.baseUrl);
    const ids = new Map<string, string>();

    beforeAll(async () => {
      forbidden = await startHttpReceiver(() => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }), '127.0.0.2');
      good = await startHttpReceiver((req) => {
        if (req.path === '/failing') return { status: 500, body: { error: LOOT } };
        if (req.path === '/moved') return { status: 302, headers: { location: `${forbidden.url}/internal` } };
        if (req.query.get('key') === 'revoked-key') return { status: 200, body: { errcode: 93000, errmsg: `invalid webhook url, hint: [${LOOT}]` } };
        return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
      });
      t = await startTestApp({
        NOTIFY_MAX_ATTEMPTS: '2',
        NOTIFY_BACKOFF_MS: '100',
        WEBHOOK_TIMEOUT_MS: '2000',
        WECOM_ROBOT_URL: `${good.url}/cgi-bin/webhook/send`,
        DINGTALK_ROBOT_URL: `${good.url}/robot/send`,
        WEBHOOK_ALLOW_HTTP: 'true',
        OUTBOUND_ALLOW_PRIVATE: '127.0.0.1',
      });
      ds = new DataSource(dataSourceOptions(t.config.database.url!, 2));
      await ds.initialize();
      for (const row of await ds.query<{ id: string; username: string }[]>('SELECT id, username FROM users')) ids.set(row.username, row.id);
    });

    afterAll(async () => {
      await t?.close();
      await ds?.destroy();
      await good?.close();
      await forbidden?.close();
    });

    /** One notice to a district's liaison, written as the activities write it; its unit's robots hear it. */
    async function notify(district: string, subject: [string, string], body: [string, string] = ['请查收。', 'Please see it.']): Promise<string> {
      const recipientId = ids.get(`liaison-${district}`)!;
      const row: InboxRow = {
        key: `outbound-${randomUUID()}:${recipientId}`,
        recipientId,
        eventId: null,
        stepId: null,
        kind: 'notice',
        subject: { 'zh-CN': subject[0], en: subject[1] },
        body: { 'zh-CN': body[0], en: body[1] },
      };
      await ds.transaction((m) => insertInbox(m, [row]));
      const [{ id }] = await ds.query<{ id: string }[]>('SELECT id FROM notifications WHERE idempotency_key = $1', [row.key]);
      return id;
    }

    const finished = (notificationId: string, count: number) =>
      eventually(`${count} deliveries of ${notificationId} to finish`, async () => {
        const rows = await ds.query<{ channel: string; target: string; status: string; attempts: number; last_error: string | null }[]>(
          `SELECT channel, target, status, attempts, last_error FROM notification_deliveries
            WHERE notification_id = $1 AND channel <> 'email' ORDER BY channel, target`,
          [notificationId],
        );
        return rows.length === count && rows.every((r) => r.status === 'sent' || r.status === 'dead') ? rows : undefined;
      });

    async function deadLetter(channel: string, username: string, subject: string) {
      const res = await api<{ items: { channel: string; lastError: string | null; attempts: number; subject: { 'zh-CN': string }; recipient: { username: string } }[] }>(
        await as('admin'),
        'GET',
        '/notifications/dead-letters?pageSize=200',
      );
      expect(res.status).toBe(200);
      return res.body.items.find((l) => l.channel === channel && l.recipient.username === username && l.subject['zh-CN'] === subject);
    }

    it('refuses, dead at once, rows written into the database behind the API: the internal receiver hears nothing', async () => {
      const port = new URL(forbidden.url).port;
      // Written straight into the table, as a row saved before the rules or edited by hand would be.
      const targets: [string, string][] = [
        ['webhook', `${forbidden.url}/hook`],
        ['webhook', `http://0x7f000002:${port}/hook`],
        ['webhook', `http://[::ffff:127.0.0.2]:${port}/hook`],
        ['webhook', `http://localhost:${port}/hook`],
        ['wecom', `${forbidden.url}/cgi-bin/webhook/send?key=k`],
      ];
      for (const [channel, target] of targets) {
        await ds.query(`INSERT INTO channel_preferences (unit_code, channel, target, secret, enabled) VALUES ('district-dadukou', $1, $2, $3, true)`, [
          channel,
          target,
          SECRET,
        ]);
      }
      const subject = '关于报送材料的通知（地址测试）';
      const rows = await finished(await notify('dadukou', [subject, 'Notice (address test)']), targets.length);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(targets.map(() => ['dead', 1]));
      const errors = Object.fromEntries(rows.map((r) => [r.target, r.last_error]));
      expect(errors[`${forbidden.url}/hook`]).toBe('refused: 127.0.0.2 is a loopback address, not a public address / 拒绝：127.0.0.2 是本机回环地址，不是公网地址');
      expect(errors[`http://0x7f000002:${port}/hook`]).toMatch(/^refused: 127\.0\.0\.2 is a loopback address/);
      expect(errors[`http://[::ffff:127.0.0.2]:${port}/hook`]).toMatch(/^refused: ::ffff:7f00:2 \(127\.0\.0\.2\) is an IPv4-mapped address/);
      expect(errors[`http://localhost:${port}/hook`]).toMatch(/^refused: localhost is not a public host name/);
      expect(errors[`${forbidden.url}/cgi-bin/webhook/send?key=k`]).toMatch(/^refused: a WeCom robot URL must be http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/webhook\/send\?key=…/);
      expect(forbidden.requests).toEqual([]);
      expect((await deadLetter('webhook', 'liaison-dadukou', subject))?.lastError).toMatch(/^refused: /);
    });

    it('checks the resolved address as the socket connects: a name that resolves to loopback gets no connection', async () => {
      const policy = new OutboundPolicy(OFFICIAL);
      // The lookup the agent connects with, on its own.
      const looked = await new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
        policy.lookup('localhost', { all: true }, (err, address) => resolve({ err, address })),
      );
      expect(looked.err).toBeInstanceOf(RefusedAddressError);
      expect(looked.err?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address, not a public address$/);

      // Through the agent, bypassing every URL rule: names, address literals in any spelling.
      const agent = guardedAgent(policy, 1000);
      const port = new URL(good.url).port;
      try {
        for (const url of [`http://localhost:${port}/connect-test`, `http://127.0.0.1:${port}/connect-test`, `http://[::ffff:127.0.0.1]:${port}/connect-test`]) {
          const failure = await fetch(url, { method: 'POST', body: '{}', dispatcher: agent }).then(
            () => undefined,
            (err: Error & { cause?: unknown }) => err.cause,
          );
          expect(failure).toBeInstanceOf(RefusedAddressError);
        }
      } finally {
        await agent.close();
      }
      expect(good.to('/connect-test')).toEqual([]);

      // The channels' HTTP client: the same refusal as a permanent failure with a short reason.
      const http = new OutboundHttp(policy, 1000);
      try {
        await expect(http.postJson('webhook', `https://127.0.0.1:${port}/connect-test`, '{}', {})).rejects.toMatchObject({
          permanent: true,
          message: 'refused: 127.0.0.1 is a loopback address, not a public address / 拒绝：127.0.0.1 是本机回环地址，不是公网地址',
        });
      } finally {
        await http.close();
      }
    });

    it('keeps only a status line of a failure: not the body of a 500, not the errmsg of a robot', async () => {
      const put = await api(await as('admin'), 'PUT', '/units/district-shapingba/channels', {
        robots: [
          { channel: 'webhook', url: `${good.url}/failing`, secret: SECRET },
          { channel: 'wecom', url: `${good.url}/cgi-bin/webhook/send?key=revoked-key` },
        ],
      });
      expect(put.status).toBe(200);
      const subject = '关于报送材料的通知（错误测试）';
      const rows = await finished(await notify('shapingba', [subject, 'Notice (error test)']), 2);
      expect(rows.map((r) => [r.channel, r.status, r.attempts, r.last_error])).toEqual([
        ['webhook', 'dead', 2, 'HTTP 500 Internal Server Error'],
        ['wecom', 'dead', 2, 'errcode 93000'],
      ]);
      expect(good.to('/failing')).toHaveLength(2); // it was reached, and answered with the loot
      const letter = await deadLetter('webhook', 'liaison-shapingba', subject);
      expect(letter?.lastError).toBe('HTTP 500 Internal Server Error');
      expect((await deadLetter('wecom', 'liaison-shapingba', subject))?.lastError).toBe('errcode 93000');
      const all = await api(await as('admin'), 'GET', '/notifications/dead-letters?pageSize=200');
      expect(JSON.stringify(all.body)).not.toContain('password authentication');
    });

    it('scrubs the far-end text that errors stored before this release kept', async () => {
      const notificationId = await notify('qianjiang', ['旧错误记录', 'Old errors']);
      const old: [string, string, string][] = [
        ['webhook', 'https://a.example.com/1', `HTTP 500: {"error":"${LOOT}"}`],
        ['wecom', 'https://a.example.com/2', `errcode 93000: "invalid webhook url, hint: [${LOOT}]"`],
        ['dingtalk', 'https://a.example.com/3', `robot answered HTTP 200 without JSON: <html>${LOOT}</html>`],
        ['email', 'x@fulian.example', `550 5.1.1 <x@fulian.example>: Recipient address rejected: ${LOOT}`],
        ['webhook', 'https://a.example.com/4', 'no answer within 2000 ms'],
        ['webhook', 'https://a.example.com/5', 'fetch failed: connect ECONNREFUSED 127.0.0.1:5433'],
      ];
      for (const [channel, target, error] of old) {
        await ds.query(`INSERT INTO notification_deliveries (notification_id, channel, target, status, attempts, last_error) VALUES ($1, $2, $3, 'dead', 8, $4)`, [
          notificationId,
          channel,
          target,
          error,
        ]);
      }
      const runner = ds.createQueryRunner();
      try {
        await new ScrubDeliveryErrors1765200000000().up(runner);
      } finally {
        await runner.release();
      }
      const rows = await ds.query<{ target: string; last_error: string }[]>(
        `SELECT target, last_error FROM notification_deliveries WHERE notification_id = $1 AND target = ANY($2::text[]) ORDER BY target`,
        [notificationId, old.map(([, target]) => target)],
      );
      expect(rows.map((r) => [r.target, r.last_error])).toEqual([
        ['https://a.example.com/1', 'HTTP 500'],
        ['https://a.example.com/2', 'errcode 93000'],
        ['https://a.example.com/3', 'robot answered HTTP 200 without JSON'],
        ['https://a.example.com/4', 'no answer within 2000 ms'],
        ['https://a.example.com/5', 'connection failed: ECONNREFUSED'],
        ['x@fulian.example', 'SMTP 550 5.1.1'],
      ]);
    });

    it('does not follow a redirect (it could lead inside): dead at once, the place it points to hears nothing', async () => {
      const put = await api(await as('admin'), 'PUT', '/units/district-jiulongpo/channels', {
        robots: [{ channel: 'webhook', url: `${good.url}/moved`, secret: SECRET }],
      });
      expect(put.status).toBe(200);
      const rows = await finished(await notify('jiulongpo', ['关于报送材料的通知（跳转测试）', 'Notice (redirect test)']), 1);
      expect(rows.map((r) => [r.status, r.attempts, r.last_error])).toEqual([['dead', 1, 'HTTP 302 Found: redirects are not followed']]);
      expect(forbidden.requests).toEqual([]);
    });

    it("escapes markdown in a title, so a planted link reaches the WeCom and DingTalk groups as text, not a link", async () => {
      const put = await api(await as('admin'), 'PUT', '/units/district-wanzhou/channels', {
        robots: [
          { channel: 'wecom', url: `${good.url}/cgi-bin/webhook/send?key=wanzhou-key` },
          { channel: 'dingtalk', url: `${good.url}/robot/send?access_token=wanzhou-token`, secret: 'SEC-wanzhou-0123456789' },
        ],
      });
      expect(put.status).toBe(200);
      const planted = '[点此签收](http://evil.example/sign)';
      const subject = `关于“六一”活动的通知 ${planted}`;
      const body = '请于5月20日前报送。<font color="warning">**紧急**</font> ![](http://evil.example/t.png)';
      await finished(await notify('wanzhou', [subject, `Children's Day ${planted}`], [body, 'Please send it by 20 May.']), 2);

      const wecom = good.requests.find((r) => r.query.get('key') === 'wanzhou-key');
      const dingtalk = good.requests.find((r) => r.query.get('access_token') === 'wanzhou-token');
      const wecomText = (JSON.parse(wecom!.body) as { markdown: { content: string } }).markdown.content;
      const dingtalkPayload = JSON.parse(dingtalk!.body) as { markdown: { title: string; text: string } };
      for (const text of [wecomText, dingtalkPayload.markdown.text]) {
        expect(text).not.toContain(planted);
        expect(text).not.toContain('](http');
        expect(text).toContain('\\[点此签收\\]\\(http://evil.example/sign\\)');
        expect(text).not.toContain('<font');
        expect(text).toContain('＜font color="warning"＞\\*\\*紧急\\*\\*＜/font＞');
        expect(text).toContain('\\!\\[\\]\\(http://evil.example/t.png\\)');
        // The product's own markdown stays markdown: the heading and the addressee's quote line.
        expect(text).toMatch(/^### 关于“六一”活动的通知 \\\[点此签收/);
        expect(text).toContain('\n> 致：万州区妇联\n');
      }
      // DingTalk's title is the chat list's plain-text preview: shown as written, never rendered.
      expect(dingtalkPayload.markdown.title).toBe(subject);
    });
  });
});
