import { ConfigError, parseConfig } from '../../src/config/app-config';

describe('configuration', () => {
  it('runs with local defaults when nothing is set', () => {
    const config = parseConfig({});
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
    const config = parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-production-secret', SEED_DEMO_USERS: 'false', ADMIN_PASSWORD: 'correct horse battery' });
    expect(config.auth).toMatchObject({ seedDemoUsers: false, adminPassword: 'correct horse battery' });
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
