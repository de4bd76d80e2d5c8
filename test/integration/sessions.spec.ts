// Tokens, sessions, sign-in throttling and lockout, on the whole application: what an outsider
// with a forged token, a demoted or disabled user, and someone guessing passwords each run into.
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { clientBucket } from '../../src/auth/login-throttler.guard';
import { hashPassword } from '../../src/auth/password';
import { DEV_JWT_SECRET } from '../../src/config/app-config';
import { startTestApp, testConfig, type TestApp } from '../support/shared';

const MISSING_TOKEN = { 'zh-CN': '缺少或无效的登录令牌', en: 'Missing or invalid token' };
const WRONG_CREDENTIALS = { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' };
const CHANGE_FIRST = { 'zh-CN': '请先修改临时密码（POST /api/auth/password）', en: 'Change your temporary password first (POST /api/auth/password)' };
const LOCKED = {
  'zh-CN': expect.stringMatching(/^登录失败次数过多，该用户名已暂时锁定，请 \d+ (分钟|秒)后再试$/),
  en: expect.stringMatching(/^Too many failed sign-ins: this username is locked for now; try again in \d+ (min|s)$/),
};
/** The server's own secret in this file: not the development one. */
const SECRET = 'sessions-spec-secret-0123456789abcdef';
const RATE_LIMIT = 20;
/** DEMO_PASSWORD of this file's server: long enough that only the demo-password rule refuses it. */
const DEMO_PASSWORD = 'pilot-demo-password';

interface LoginBody {
  accessToken: string;
  user: { id: string; username: string; roles: { role: string; unitCode: string }[] };
}

describe('sessions and sign-in protection', () => {
  let t: TestApp;
  // Each request comes from an address of its own (TRUST_PROXY=loopback lets the test say which),
  // so the per-address limit only bites where a test means it to.
  let nextAddress = 0;
  const freshAddress = () => `10.1.${Math.floor(++nextAddress / 250)}.${(nextAddress % 250) + 1}`;

  async function call(method: string, path: string, opts: { token?: string; body?: unknown; from?: string } = {}) {
    const headers: Record<string, string> = { 'x-forwarded-for': opts.from ?? freshAddress() };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${t.baseUrl}/api${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { message: { 'zh-CN': string; en: string } } };
  }
  const login = (username: string, password = 'demo', from?: string) => call('POST', '/auth/login', { body: { username, password }, from });
  async function signIn(username: string, password = 'demo'): Promise<LoginBody> {
    const res = await login(username, password);
    if (res.status !== 200) throw new Error(`Login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown as LoginBody;
  }
  async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as T[];
    } finally {
      await db.end();
    }
  }
  const userId = async (username: string) => (await sql<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0].id;

  beforeAll(async () => {
    // The copied database was seeded with "demo"; DEMO_PASSWORD here only feeds the new-password rule.
    t = await startTestApp({ JWT_SECRET: SECRET, TRUST_PROXY: 'loopback', LOGIN_RATE_LIMIT: String(RATE_LIMIT), DEMO_PASSWORD, RUN_WORKER: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the default binding', () => {
    it('listens on 127.0.0.1 when HOST is not set', () => {
      expect(t.config.http.host).toBe('127.0.0.1');
      expect((t.app.getHttpServer().address() as { address: string }).address).toBe('127.0.0.1');
    });

    it('refuses to start with the development secret on 0.0.0.0, naming JWT_SECRET', () => {
      expect(() => testConfig({ HOST: '0.0.0.0' })).toThrow(/JWT_SECRET: the development secret is refused with HOST="0.0.0.0"/);
      expect(testConfig({ HOST: '0.0.0.0', JWT_SECRET: SECRET }).http.host).toBe('0.0.0.0');
    });
  });

  describe('forged and malformed tokens', () => {
    it('refuses a token self-signed with the development secret, claiming admin', async () => {
      const adminId = await userId('admin');
      const claims = { sub: adminId, ver: 0, username: 'admin', displayName: '系统管理员', unitCode: 'fed-office', roles: [{ role: 'admin', unitCode: 'fed-office' }], inChargeOf: [] };
      const forged = await new JwtService({ secret: DEV_JWT_SECRET }).signAsync(claims, { issuer: 'fulian-flow', expiresIn: 3600 });
      const res = await call('GET', '/notifications/dead-letters', { token: forged });
      expect(res.status).toBe(401);
      expect(res.body.message).toEqual(MISSING_TOKEN);
    });

    it('grants nothing for roles written into a token, even one signed with the right secret', async () => {
      const liaison = await userId('liaison-yuzhong');
      // The shape earlier versions issued: roles carried in the token and trusted.
      const claims = { sub: liaison, ver: 0, username: 'liaison-yuzhong', displayName: 'x', unitCode: 'fed-office', roles: [{ role: 'admin', unitCode: 'fed-office' }], inChargeOf: [] };
      const token = await new JwtService({ secret: SECRET }).signAsync(claims, { issuer: 'fulian-flow', expiresIn: 3600 });
      const res = await call('GET', '/notifications/dead-letters', { token });
      expect(res.status).toBe(403);
      const me = await call('GET', '/auth/me', { token });
      expect(me.body).toMatchObject({ username: 'liaison-yuzhong', roles: [{ role: 'district-liaison', unitCode: 'district-yuzhong' }] });
    });

    it('refuses a token without exp (401)', async () => {
      const sub = await userId('exec-1');
      const claims = { sub, ver: 0, username: 'exec-1', displayName: 'x', unitCode: 'fed-leadership', roles: [], inChargeOf: [] };
      const forever = await new JwtService({ secret: SECRET }).signAsync(claims, { issuer: 'fulian-flow' });
      const res = await call('GET', '/auth/me', { token: forever });
      expect(res.status).toBe(401);
      expect(res.body.message).toEqual(MISSING_TOKEN);
    });

    it('refuses a token without iat, or one that lasts longer than TOKEN_TTL (401)', async () => {
      const sub = await userId('exec-1');
      const signer = new JwtService({ secret: SECRET });
      const noIat = await signer.signAsync({ sub, ver: 0, exp: Math.floor(Date.now() / 1000) + 600 }, { issuer: 'fulian-flow', noTimestamp: true });
      expect((await call('GET', '/auth/me', { token: noIat })).status).toBe(401);
      const tooLong = await signer.signAsync({ sub, ver: 0 }, { issuer: 'fulian-flow', expiresIn: 12 * 3600 + 3600 });
      expect((await call('GET', '/auth/me', { token: tooLong })).status).toBe(401);
      const fine = await signer.signAsync({ sub, ver: 0 }, { issuer: 'fulian-flow', expiresIn: 600 });
      expect((await call('GET', '/auth/me', { token: fine })).status).toBe(200);
    });

    it('refuses an expired token (401)', async () => {
      const sub = await userId('exec-1');
      const expired = await new JwtService({ secret: SECRET }).signAsync({ sub, ver: 0 }, { issuer: 'fulian-flow', expiresIn: -10 });
      expect((await call('GET', '/auth/me', { token: expired })).status).toBe(401);
    });
  });

  describe('roles and state read at every request', () => {
    it('takes admin routes away from a demoted admin at the next request', async () => {
      const admin = await signIn('admin');
      expect((await call('GET', '/notifications/dead-letters', { token: admin.accessToken })).status).toBe(200);
      await sql("DELETE FROM user_roles WHERE user_id = $1 AND role = 'admin'", [admin.user.id]);
      try {
        const refused = await call('GET', '/notifications/dead-letters', { token: admin.accessToken });
        expect(refused.status).toBe(403);
        expect((await call('GET', '/auth/me', { token: admin.accessToken })).body.roles).toEqual([]);
      } finally {
        await sql("INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, 'admin', 'fed-office')", [admin.user.id]);
      }
      expect((await call('GET', '/notifications/dead-letters', { token: admin.accessToken })).status).toBe(200);
    });

    it('refuses a disabled user at the next request (401)', async () => {
      const exec = await signIn('exec-2');
      expect((await call('GET', '/auth/me', { token: exec.accessToken })).status).toBe(200);
      await sql("UPDATE users SET active = false WHERE username = 'exec-2'");
      try {
        const res = await call('GET', '/events', { token: exec.accessToken });
        expect(res.status).toBe(401);
        expect(res.body.message).toEqual(MISSING_TOKEN);
      } finally {
        await sql("UPDATE users SET active = true WHERE username = 'exec-2'");
      }
    });
  });

  describe('POST /api/auth/logout', () => {
    it("ends all of the caller's sessions: every older token is refused, a new sign-in works", async () => {
      const phone = await signIn('exec-3');
      const laptop = await signIn('exec-3');
      const out = await call('POST', '/auth/logout', { token: laptop.accessToken });
      expect(out.status).toBe(204);
      expect((await call('GET', '/auth/me', { token: laptop.accessToken })).status).toBe(401);
      expect((await call('GET', '/auth/me', { token: phone.accessToken })).status).toBe(401);
      const again = await signIn('exec-3');
      expect((await call('GET', '/auth/me', { token: again.accessToken })).status).toBe(200);
    });

    it('needs a token (401)', async () => {
      expect((await call('POST', '/auth/logout')).status).toBe(401);
    });
  });

  describe('POST /api/users/{id}/sessions/revoke', () => {
    it("lets the admin end a user's sessions, and no one else", async () => {
      const exec = await signIn('exec-4');
      const admin = await signIn('admin');
      const organiser = await signIn('organiser-publicity');
      const notAdmin = await call('POST', `/users/${exec.user.id}/sessions/revoke`, { token: organiser.accessToken });
      expect(notAdmin.status).toBe(403);
      expect((await call('GET', '/auth/me', { token: exec.accessToken })).status).toBe(200);

      expect((await call('POST', `/users/${exec.user.id}/sessions/revoke`, { token: admin.accessToken })).status).toBe(204);
      expect((await call('GET', '/auth/me', { token: exec.accessToken })).status).toBe(401);
      expect((await call('GET', '/auth/me', { token: admin.accessToken })).status).toBe(200);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      const admin = await signIn('admin');
      expect((await call('POST', '/users/00000000-0000-4000-8000-000000000000/sessions/revoke', { token: admin.accessToken })).status).toBe(404);
      const bad = await call('POST', '/users/not-a-uuid/sessions/revoke', { token: admin.accessToken });
      expect(bad.status).toBe(400);
      expect(bad.body.message.en).toContain('id');
    });
  });

  describe('POST /api/auth/password', () => {
    it('changes the password: older tokens end, the new password works, the old one does not', async () => {
      const before = await signIn('exec-5');
      const other = await signIn('exec-5');
      const changed = await call('POST', '/auth/password', { token: before.accessToken, body: { currentPassword: 'demo', newPassword: 'a sentence only I know' } });
      expect(changed.status).toBe(200);
      const fresh = changed.body as unknown as LoginBody;
      expect(fresh).toMatchObject({ tokenType: 'Bearer', user: { username: 'exec-5' } });

      expect((await call('GET', '/auth/me', { token: before.accessToken })).status).toBe(401);
      expect((await call('GET', '/auth/me', { token: other.accessToken })).status).toBe(401);
      expect((await call('GET', '/auth/me', { token: fresh.accessToken })).status).toBe(200);
      expect((await login('exec-5', 'a sentence only I know')).status).toBe(200);
      const old = await login('exec-5', 'demo');
      expect(old.status).toBe(401);
      expect(old.body.message).toEqual(WRONG_CREDENTIALS);
    });

    it('refuses a weak new password with 400 naming the rule', async () => {
      const { accessToken } = await signIn('exec-6');
      const attempt = (newPassword: unknown, currentPassword = 'demo') =>
        call('POST', '/auth/password', { token: accessToken, body: { currentPassword, newPassword } });

      const short = await attempt('short');
      expect(short.status).toBe(400);
      expect(JSON.stringify(short.body.message)).toContain('newPassword must be at least 8 characters');

      const cases: [string, string][] = [
        ['demo', 'newPassword must be at least 8 characters'],
        [DEMO_PASSWORD, 'newPassword must not be a demo password'],
        ['汉字'.repeat(13), 'newPassword must be at most 72 bytes'],
      ];
      for (const [newPassword, rule] of cases) {
        const res = await attempt(newPassword);
        expect([newPassword, res.status]).toEqual([newPassword, 400]);
        expect(JSON.stringify(res.body.message)).toContain(rule);
      }
      // The username rule needs a username of 8 characters or more to be reachable past the length rule.
      const organiser = await signIn('organiser-rights');
      const sameAsUsername = await call('POST', '/auth/password', { token: organiser.accessToken, body: { currentPassword: 'demo', newPassword: 'Organiser-Rights' } });
      expect(sameAsUsername.status).toBe(400);
      expect(sameAsUsername.body).toMatchObject({ code: 'INVALID', details: [{ field: 'newPassword' }] });
      expect(sameAsUsername.body.message.en).toContain('newPassword must not be the username');

      const wrongCurrent = await attempt('a perfectly fine one', 'not-my-password');
      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.body.message.en).toContain('currentPassword is not your current password');

      // Nothing changed: the demo password still signs in.
      expect((await login('exec-6')).status).toBe(200);
    });

    it('refuses the current password as the new one', async () => {
      const first = await signIn('exec-7');
      const set = await call('POST', '/auth/password', { token: first.accessToken, body: { currentPassword: 'demo', newPassword: 'old enough pw' } });
      expect(set.status).toBe(200);
      const { accessToken } = set.body as unknown as LoginBody;
      const same = await call('POST', '/auth/password', { token: accessToken, body: { currentPassword: 'old enough pw', newPassword: 'old enough pw' } });
      expect(same.status).toBe(400);
      expect(same.body.message.en).toContain('newPassword must differ from the current password');
    });
  });

  describe('POST /api/users/{id}/password', () => {
    it('lets only the admin set a temporary password (403 for anyone else; nothing changes)', async () => {
      const target = await signIn('member-education');
      const organiser = await signIn('organiser-publicity');
      const refused = await call('POST', `/users/${target.user.id}/password`, { token: organiser.accessToken, body: { newPassword: 'Temporary-Pass-1' } });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toEqual({ 'zh-CN': '需要管理员权限', en: 'Admin only' });
      expect((await call('GET', '/auth/me', { token: target.accessToken })).status).toBe(200);
      expect((await login('member-education', 'Temporary-Pass-1')).status).toBe(401);
    });

    it('refuses a weak temporary password with 400 naming the rule, and one for the admin themself', async () => {
      const admin = await signIn('admin');
      const target = await userId('organiser-publicity');
      const cases: [string, string][] = [
        ['short', 'newPassword must be at least 8 characters'],
        [DEMO_PASSWORD, 'newPassword must not be a demo password'],
        ['Organiser-Publicity', 'newPassword must not be the username'],
        ['汉字'.repeat(13), 'newPassword must be at most 72 bytes'],
      ];
      for (const [newPassword, rule] of cases) {
        const res = await call('POST', `/users/${target}/password`, { token: admin.accessToken, body: { newPassword } });
        expect([newPassword, res.status]).toEqual([newPassword, 400]);
        expect(JSON.stringify(res.body.message)).toContain(rule);
      }
      const own = await call('POST', `/users/${admin.user.id}/password`, { token: admin.accessToken, body: { newPassword: 'Temporary-Pass-2' } });
      expect(own.status).toBe(400);
      expect(own.body.message.en).toContain('Change your own password with POST /api/auth/password');
      expect((await call('POST', '/users/00000000-0000-4000-8000-000000000000/password', { token: admin.accessToken, body: { newPassword: 'Temporary-Pass-2' } })).status).toBe(404);
      // Nothing changed: the demo password still signs in, the admin's session still holds.
      expect((await login('organiser-publicity')).status).toBe(200);
      expect((await call('GET', '/auth/me', { token: admin.accessToken })).status).toBe(200);
    });

    it("ends the user's sessions; the temporary password works, asks for a change, and the change clears it", async () => {
      const phone = await signIn('district-chair-yuzhong');
      expect(phone.user).toMatchObject({ mustChangePassword: false });
      const admin = await signIn('admin');
      const set = await call('POST', `/users/${phone.user.id}/password`, { token: admin.accessToken, body: { newPassword: 'Temporary-Pass-3' } });
      expect(set.status).toBe(204);

      expect((await call('GET', '/auth/me', { token: phone.accessToken })).status).toBe(401);
      expect((await login('district-chair-yuzhong', 'demo')).status).toBe(401);
      const temporary = await signIn('district-chair-yuzhong', 'Temporary-Pass-3');
      expect(temporary.user).toMatchObject({ mustChangePassword: true });
      expect((await call('GET', '/auth/me', { token: temporary.accessToken })).body).toMatchObject({ mustChangePassword: true });

      const changed = await call('POST', '/auth/password', { token: temporary.accessToken, body: { currentPassword: 'Temporary-Pass-3', newPassword: 'only I know this one' } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ user: { mustChangePassword: false } });
      expect((await signIn('district-chair-yuzhong', 'only I know this one')).user).toMatchObject({ mustChangePassword: false });
    });

    it('answers 403 PASSWORD_CHANGE_REQUIRED everywhere but 当前用户, 退出登录 and 修改密码 until the temporary password is changed', async () => {
      const admin = await signIn('admin');
      expect((await call('POST', `/users/${await userId('organiser-development')}/password`, { token: admin.accessToken, body: { newPassword: 'Temporary-Pass-6' } })).status).toBe(204);
      const first = await signIn('organiser-development', 'Temporary-Pass-6');

      const refusals = [
        await call('GET', '/tasks', { token: first.accessToken }),
        await call('GET', '/events', { token: first.accessToken }),
        await call('GET', '/notifications/unread-count', { token: first.accessToken }),
        // Refused before the body is looked at: nothing is started.
        await call('POST', '/events', { token: first.accessToken, body: {} }),
      ];
      expect(refusals.map((r) => [r.status, r.body])).toEqual(Array(4).fill([403, { statusCode: 403, code: 'PASSWORD_CHANGE_REQUIRED', message: CHANGE_FIRST }]));
      // Signing out still works (and ends the session), as does asking who one is.
      expect((await call('POST', '/auth/logout', { token: first.accessToken })).status).toBe(204);
      expect((await call('GET', '/auth/me', { token: first.accessToken })).status).toBe(401);
      const temporary = await signIn('organiser-development', 'Temporary-Pass-6');
      const me = await call('GET', '/auth/me', { token: temporary.accessToken });
      expect([me.status, me.body.mustChangePassword]).toEqual([200, true]);

      const changed = await call('POST', '/auth/password', { token: temporary.accessToken, body: { currentPassword: 'Temporary-Pass-6', newPassword: 'my very own password' } });
      expect(changed.status).toBe(200);
      const { accessToken } = changed.body as unknown as LoginBody;
      expect((await call('GET', '/tasks', { token: accessToken })).status).toBe(200);
      expect((await call('GET', '/events', { token: accessToken })).status).toBe(200);
    });

    it('lifts a lockout of the username, so the temporary password lets the user in', async () => {
      for (let i = 1; i <= 5; i++) await login('liaison-wansheng', `guess-${i}`);
      expect((await login('liaison-wansheng')).status).toBe(429);
      const admin = await signIn('admin');
      expect((await call('POST', `/users/${await userId('liaison-wansheng')}/password`, { token: admin.accessToken, body: { newPassword: 'Temporary-Pass-4' } })).status).toBe(204);
      expect((await login('liaison-wansheng', 'Temporary-Pass-4')).status).toBe(200);
    });
  });

  describe('per-address throttling', () => {
    it('answers 429 with Retry-After and a bilingual message once an address passes the limit', async () => {
      const from = '192.0.2.7';
      for (let i = 0; i < RATE_LIMIT; i++) {
        const res = await login(`nobody-${i}`, 'wrong', from);
        expect([i, res.status]).toEqual([i, 401]);
      }
      const limited = await login('nobody-else', 'wrong', from);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ code: 'TOO_MANY' });
      expect(limited.body.message).toEqual({
        'zh-CN': expect.stringMatching(/^来自此网络地址的尝试过于频繁，请 .+后再试$/),
        en: expect.stringMatching(/^Too many attempts from this address; try again in .+$/),
      });
      // Even the right password waits; another address is not affected.
      expect((await login('exec-8', 'demo', from)).status).toBe(429);
      expect((await login('exec-8', 'demo')).status).toBe(200);
    });

    describe('shared by every API process, and kept across a restart', () => {
      // A second API process on the same database, as a deployment with two replicas runs.
      const overrides = () => ({ DATABASE_URL: t.config.database.url!, JWT_SECRET: SECRET, TRUST_PROXY: 'loopback', LOGIN_RATE_LIMIT: String(RATE_LIMIT), DEMO_PASSWORD, RUN_WORKER: 'false' });
      let other: TestApp | undefined;
      beforeAll(async () => {
        other = await startTestApp(overrides());
      });
      afterAll(async () => {
        await other?.close();
      });
      const loginAt = async (app: TestApp, username: string, from: string) => {
        const res = await fetch(`${app.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
          body: JSON.stringify({ username, password: 'wrong' }),
        });
        return { status: res.status, retryAfter: res.headers.get('retry-after') };
      };

      it('counts attempts spread over two processes against one limit: 429 at the limit on both', async () => {
        const from = '192.0.2.8';
        for (let i = 0; i < RATE_LIMIT; i++) {
          const res = await loginAt(i % 2 ? other! : t, `spread-${i}`, from);
          expect([i, res.status]).toEqual([i, 401]);
        }
        const here = await loginAt(t, 'spread-over', from);
        const there = await loginAt(other!, 'spread-over', from);
        expect([here.status, there.status]).toEqual([429, 429]);
        expect(Number(there.retryAfter)).toBeGreaterThan(0);
        // Another address is not affected on either.
        expect((await loginAt(other!, 'spread-over', '192.0.2.9')).status).toBe(401);
      });

      it('keeps an address limited when the process that counted it restarts', async () => {
        const from = '192.0.2.10';
        for (let i = 0; i < RATE_LIMIT; i++) {
          expect([i, (await loginAt(other!, `restart-${i}`, from)).status]).toEqual([i, 401]);
        }
        expect((await loginAt(other!, 'restart-over', from)).status).toBe(429);
        await other!.close();
        other = undefined;
        other = await startTestApp(overrides());
        const after = await loginAt(other, 'restart-over', from);
        expect(after.status).toBe(429);
        expect(Number(after.retryAfter)).toBeGreaterThan(0);
      });
    });

    it('counts one IPv6 /64 as one client, and an IPv4-mapped address as its IPv4 address', async () => {
      expect(clientBucket('2001:db8:1:2:aaaa::1')).toBe(clientBucket('2001:db8:1:2:ffff:1:2:3'));
      expect(clientBucket('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
      expect(clientBucket('2001:db8:1:3::1')).not.toBe(clientBucket('2001:db8:1:2::1'));
      expect(clientBucket('::ffff:192.0.2.7')).toBe('192.0.2.7');
      expect(clientBucket('192.0.2.7')).toBe('192.0.2.7');
      // Over HTTP: two addresses of one /64 share the limit; the neighbouring /64 does not.
      for (let i = 0; i < RATE_LIMIT; i++) {
        const res = await login(`v6-${i}`, 'wrong', i % 2 ? '2001:db8:5:6::a' : '2001:db8:5:6:ffff::b');
        expect([i, res.status]).toEqual([i, 401]);
      }
      expect((await login('v6-over', 'wrong', '2001:db8:5:6::c')).status).toBe(429);
      expect((await login('v6-over', 'wrong', '2001:db8:5:7::a')).status).toBe(401);
    });
  });

  describe('per-username lockout', () => {
    it('locks a username after 5 failures, the same way whether or not it exists, until the admin lifts it', async () => {
      for (const username of ['chair', 'no-such-person']) {
        for (let i = 1; i <= 4; i++) expect((await login(username, `guess-${i}`)).status).toBe(401);
        const fifth = await login(username, 'guess-5');
        expect(fifth.status).toBe(429);
        expect(fifth.headers.get('retry-after')).toBe('60');
        expect(fifth.body.message).toEqual(LOCKED);
        // Locked: even the right password is refused, with the same answer.
        const right = await login(username, 'demo');
        expect(right.status).toBe(429);
        expect(right.body.message).toEqual(LOCKED);
        expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      }

      const admin = await signIn('admin');
      const listed = await call('GET', '/auth/lockouts', { token: admin.accessToken });
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ username: 'chair', round: 1, knownUser: true, lockedUntil: expect.any(String) }),
          expect.objectContaining({ username: 'no-such-person', round: 1, knownUser: false }),
        ]),
      );
      const organiser = await signIn('organiser-publicity');
      expect((await call('GET', '/auth/lockouts', { token: organiser.accessToken })).status).toBe(403);
      expect((await call('DELETE', '/auth/lockouts/chair', { token: organiser.accessToken })).status).toBe(403);

      expect((await call('DELETE', '/auth/lockouts/Chair', { token: admin.accessToken })).status).toBe(204);
      expect((await login('chair')).status).toBe(200);
      expect((await call('DELETE', '/auth/lockouts/chair', { token: admin.accessToken })).status).toBe(404);
      const still = (await call('GET', '/auth/lockouts', { token: admin.accessToken })).body as unknown as { username: string }[];
      expect(still.map((l) => l.username)).toEqual(['no-such-person']);
    });

    it('locks longer each round (1 min, then 5), and a successful sign-in starts over', async () => {
      const fail = async (times: number) => {
        let last = await login('vice-chair-1', 'wrong');
        for (let i = 1; i < times; i++) last = await login('vice-chair-1', 'wrong');
        return last;
      };
      expect((await fail(5)).headers.get('retry-after')).toBe('60');
      // The minute passes.
      await sql("UPDATE login_lockouts SET locked_until = now() - interval '1 second' WHERE username = 'vice-chair-1'");
      expect((await fail(4)).status).toBe(401);
      const second = await login('vice-chair-1', 'wrong');
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('300');

      await sql("UPDATE login_lockouts SET locked_until = now() - interval '1 second' WHERE username = 'vice-chair-1'");
      expect((await login('vice-chair-1')).status).toBe(200);
      expect(await sql("SELECT 1 FROM login_lockouts WHERE username = 'vice-chair-1'")).toEqual([]);
      expect((await fail(5)).headers.get('retry-after')).toBe('60');
    });

    it('counts a wrong current password at POST /api/auth/password as a failure of the username', async () => {
      const { accessToken } = await signIn('exec-8');
      for (let i = 1; i <= 4; i++) {
        const res = await call('POST', '/auth/password', { token: accessToken, body: { currentPassword: `guess-${i}`, newPassword: 'something long enough' } });
        expect(res.status).toBe(400);
      }
      const fifth = await call('POST', '/auth/password', { token: accessToken, body: { currentPassword: 'guess-5', newPassword: 'something long enough' } });
      expect(fifth.status).toBe(429);
      expect((await login('exec-8')).status).toBe(429);
    });
  });

  describe('password hashing off the event loop', () => {
    it('answers an unrelated signed-in request while 50 wrong-password sign-ins run', async () => {
      const { accessToken } = await signIn('head-publicity');
      const guesses = Array.from({ length: 50 }, (_, i) => login(`guesser-${i}`, 'wrong'));
      const me = await call('GET', '/auth/me', { token: accessToken });
      expect(me.status).toBe(200);
      expect((await Promise.all(guesses)).map((r) => r.status)).toEqual(Array(50).fill(401));
    });
  });
});

describe('sign-in in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      SEED_DEMO_USERS: 'false',
      RUN_WORKER: 'false',
      LOGIN_RATE_LIMIT: '3',
    });
  });
  afterAll(async () => {
    await t?.close();
  });
  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });

  it('refuses an account whose password is the demo password, with a message that says so', async () => {
    const res = await login('admin', 'demo');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: unknown }).message).toEqual({
      'zh-CN': '生产环境不接受演示密码登录，请联系管理员为此账号设置新密码',
      en: 'Demo passwords are refused in production; ask an administrator to set a new password for this account',
    });
  });

  it('counts attempts by the connecting address when no proxy is trusted: X-Forwarded-For changes nothing', async () => {
    // One attempt above was made from this address already.
    expect((await login('chair', 'wrong', { 'x-forwarded-for': '198.51.100.1' })).status).toBe(401);
    expect((await login('chair', 'wrong', { 'x-forwarded-for': '198.51.100.2' })).status).toBe(401);
    const limited = await login('chair', 'wrong', { 'x-forwarded-for': '198.51.100.3' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('the way back in for an account refused in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters', SEED_DEMO_USERS: 'false', RUN_WORKER: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${t.baseUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('lets the admin set a temporary password, which signs in and asks for a change', async () => {
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    let headId: string;
    try {
      // Someone has to be first: the administrator's own password is set outside the API (here, in the database).
      await db.query("UPDATE users SET password_hash = $1 WHERE username = 'admin'", [await hashPassword('the first admin knows this')]);
      headId = (await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'head-publicity'")).rows[0].id;
    } finally {
      await db.end();
    }
    expect((await post('/auth/login', { username: 'head-publicity', password: 'demo' })).status).toBe(403);
    const admin = await post('/auth/login', { username: 'admin', password: 'the first admin knows this' });
    expect(admin.status).toBe(200);
    const { accessToken } = (await admin.json()) as { accessToken: string };

    expect((await post(`/users/${headId}/password`, { newPassword: 'Temporary-Pass-5' }, accessToken)).status).toBe(204);
    const res = await post('/auth/login', { username: 'head-publicity', password: 'Temporary-Pass-5' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
  });
});
