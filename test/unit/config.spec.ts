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
