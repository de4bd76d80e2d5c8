import { createServer, type AddressInfo } from 'node:net';
import { ConfigError, DEV_JWT_SECRET, isLoopbackHost, parseConfig } from '../../src/config/app-config';
import { refusedInProduction } from '../../src/auth/auth.service';

const OWN_SECRET = 'a-production-secret-of-at-least-32-characters';

describe('configuration', () => {
  it('runs with local defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.http.host).toBe('127.0.0.1'); // this machine only, until HOST says otherwise
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined(); // → embedded PostgreSQL
    expect(config.temporal.address).toBeUndefined(); // → local dev server
    expect(config.temporal.namespace).toBe('default');
    expect(config.roles).toEqual({ api: true, worker: true });
  });

  it('names every bad setting and its value', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', TEMPORAL_ADDRESS: 'localhost', DATABASE_URL: 'mysql://x@y/z', RUN_WORKER: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('TEMPORAL_ADDRESS="localhost": expected host:port');
    expect(message).toContain('DATABASE_URL="mysql://x@y/z"');
    expect(message).toContain('RUN_WORKER="maybe"');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('treats an empty variable as unset, as compose files leave them', () => {
    const config = parseConfig({ DATABASE_URL: '', TEMPORAL_ADDRESS: '', PORT: '' });
    expect(config.database.url).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.http.port).toBe(3000);
  });

  it('takes external servers and split roles from the environment', () => {
    const config = parseConfig({
      JWT_SECRET: OWN_SECRET,
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/fulian',
      TEMPORAL_ADDRESS: 'temporal:7233',
      RUN_WORKER: 'false',
      PORT: '8080',
    });
    expect(config.database.url).toBe('postgres://u:p@db:5432/fulian');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.roles.worker).toBe(false);
    expect(config.http.publicUrl).toBe('http://localhost:8080');
  });
});

describe('configuration in production', () => {
  it('refuses the development secret and demo accounts with the password "demo"', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set[\s\S]*DEMO_PASSWORD: demo accounts/);
  });

  it('starts with its own secret and without demo accounts, seeding only the admin', () => {
    const config = parseConfig({ NODE_ENV: 'production', JWT_SECRET: OWN_SECRET, SEED_DEMO_USERS: 'false', ADMIN_PASSWORD: 'correct horse battery' });
    expect(config.auth).toMatchObject({ seedDemoUsers: false, adminPassword: 'correct horse battery' });
  });

  it('wants a JWT_SECRET of at least 32 characters', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-production-secret', SEED_DEMO_USERS: 'false' })).toThrow(
      /JWT_SECRET: must be at least 32 characters when NODE_ENV=production/,
    );
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET, SEED_DEMO_USERS: 'false' })).toThrow(/JWT_SECRET: must be set to a secret of your own/);
  });

  it('refuses a demo password at sign-in: "demo" always, DEMO_PASSWORD unless demo users are seeded on purpose', () => {
    const pilot = parseConfig({ NODE_ENV: 'production', JWT_SECRET: OWN_SECRET, DEMO_PASSWORD: 'a strong pilot password' });
    expect(refusedInProduction(pilot.auth, 'demo')).toBe(true);
    expect(refusedInProduction(pilot.auth, 'a strong pilot password')).toBe(false);
    const afterPilot = parseConfig({ NODE_ENV: 'production', JWT_SECRET: OWN_SECRET, DEMO_PASSWORD: 'a strong pilot password', SEED_DEMO_USERS: 'false' });
    expect(refusedInProduction(afterPilot.auth, 'a strong pilot password')).toBe(true);
    expect(refusedInProduction(afterPilot.auth, 'correct horse battery')).toBe(false);
  });

  it('wants an admin password long enough to mean something', () => {
    expect(() => parseConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD="short": must be at least 12 characters/);
  });
});

describe('notification settings', () => {
  it('defaults to no SMTP server, the federation as sender, eight attempts from 5 s, a 60 s lease', () => {
    expect(parseConfig({}).notifications).toEqual({
      smtpUrl: undefined,
      mailFrom: '"重庆市妇联 fulian-flow" <noreply@fulian.example>',
      mailSinkPort: 1025,
      maxAttempts: 8,
      backoffMs: 5000,
      leaseMs: 60_000,
      webhookTimeoutMs: 10_000,
      dateChangeNoticeWindowMs: 300_000,
      // Robots only at their vendors' endpoints, webhooks https only, no private addresses.
      outbound: {
        wecomUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
        dingtalkUrl: 'https://oapi.dingtalk.com/robot/send',
        allowHttp: false,
        allowPrivate: [],
      },
    });
  });

  it('takes an smtp:// or smtps:// URL and names anything else', () => {
    expect(parseConfig({ SMTP_URL: 'smtps://u:p@mail.example:465' }).notifications.smtpUrl).toBe('smtps://u:p@mail.example:465');
    expect(() => parseConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL="http:\/\/mail.example": expected an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => parseConfig({ MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM="nobody"/);
    expect(() => parseConfig({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAX_ATTEMPTS="0"/);
  });

  it('refuses a request time limit that could outlive the lease', () => {
    expect(() => parseConfig({ NOTIFY_LEASE_MS: '5000', WEBHOOK_TIMEOUT_MS: '4000' })).toThrow(
      /WEBHOOK_TIMEOUT_MS="4000": must be at most half of NOTIFY_LEASE_MS \(5000\)/,
    );
  });
});

describe('listening address and the development secret', () => {
  it('refuses the development secret on any address beyond loopback, naming JWT_SECRET', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'fulian.example']) {
      expect(() => parseConfig({ HOST: host })).toThrow(new RegExp(`JWT_SECRET: the development secret is refused with HOST="${host.replace(/\./g, '\\.')}"`));
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost', '::ffff:127.0.0.1']) {
      expect(parseConfig({ HOST: host }).http.host).toBe(host);
    }
    expect([parseConfig({ HOST: '::1' }), parseConfig({ HOST: '[::1]' })].map((c) => new URL(c.http.publicUrl).host)).toEqual(['[::1]:3000', '[::1]:3000']);
    expect(parseConfig({ HOST: '0.0.0.0', JWT_SECRET: OWN_SECRET }).http.host).toBe('0.0.0.0');
  });

  it('lets a worker alone (start:worker, RUN_API=false) run with the development secret on any HOST: it neither listens nor signs tokens', () => {
    const worker = { roles: { api: false, worker: true } };
    expect(parseConfig({ HOST: '0.0.0.0' }, worker).roles).toEqual({ api: false, worker: true });
    expect(parseConfig({ HOST: '0.0.0.0', RUN_API: 'false' }).roles).toEqual({ api: false, worker: true });
    // The API still refuses it, whichever way it is started.
    expect(() => parseConfig({ HOST: '0.0.0.0' }, { roles: { api: true, worker: false } })).toThrow(/JWT_SECRET: the development secret is refused with HOST="0\.0\.0\.0"/);
    expect(() => parseConfig({ HOST: '0.0.0.0', RUN_API: 'false' }, { roles: { api: true, worker: false } })).toThrow(ConfigError);
    expect(() => parseConfig({ HOST: '0.0.0.0', RUN_WORKER: 'false' })).toThrow(/JWT_SECRET: the development secret is refused/);
  });

  it('takes HOST=[::1] as ::1, which can be listened on, and names HOST for brackets around anything but an IPv6 address', async () => {
    const config = parseConfig({ HOST: '[::1]' });
    expect(config.http.host).toBe('::1');
    expect(new URL(config.http.publicUrl).host).toBe('[::1]:3000');
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, config.http.host, resolve));
    expect((server.address() as AddressInfo).address).toBe('::1');
    await new Promise((resolve) => server.close(resolve));
    for (const host of ['[127.0.0.1]', '[localhost]', '[::1', '::1]', '[]']) {
      expect(() => parseConfig({ HOST: host })).toThrow(`HOST=${JSON.stringify(host)}: brackets are for an IPv6 address, e.g. [::1] or ::1`);
    }
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '::1', 'LOCALHOST', '::ffff:127.0.0.1'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', 'localhost.example'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });
});

describe('sign-in protection settings', () => {
  it('limits 20 attempts a minute per address, locks after 5 failures, trusts no proxy by default', () => {
    expect(parseConfig({}).auth).toMatchObject({ loginRateLimit: 20, lockoutAfter: 5, trustProxy: false });
  });

  it('takes a hop count or named proxies, and refuses to trust everyone', () => {
    expect(parseConfig({ TRUST_PROXY: '1' }).auth.trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).auth.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY="true": trusting every peer/);
    expect(() => parseConfig({ TRUST_PROXY: 'my-proxy' })).toThrow(/TRUST_PROXY="my-proxy": expected a hop count or addresses\/subnets .*not one: my-proxy/);
    // Express would take it and then fail at start-up with a TypeError that names no setting.
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY="10.0.0.0\/33": expected a hop count .*not one: 10.0.0.0\/33/);
    expect(() => parseConfig({ LOGIN_LOCKOUT_AFTER: '1' })).toThrow(/LOGIN_LOCKOUT_AFTER="1"/);
  });
});

describe('the window changes of date are told in', () => {
  it('is five minutes unless set, takes ms, s, m or h, and refuses anything else, naming DATE_CHANGE_NOTICE_WINDOW', () => {
    expect(parseConfig({}).notifications.dateChangeNoticeWindowMs).toBe(300_000);
    expect(['500ms', '90s', '2m', '1h', '0s'].map((v) => parseConfig({ DATE_CHANGE_NOTICE_WINDOW: v }).notifications.dateChangeNoticeWindowMs)).toEqual([
      500, 90_000, 120_000, 3_600_000, 0,
    ]);
    expect(() => parseConfig({ DATE_CHANGE_NOTICE_WINDOW: '5 minutes' })).toThrow(/DATE_CHANGE_NOTICE_WINDOW="5 minutes": expected a duration like 5m/);
    expect(() => parseConfig({ DATE_CHANGE_NOTICE_WINDOW: '25h' })).toThrow(/DATE_CHANGE_NOTICE_WINDOW="25h": must be at most 24h/);
  });
});
