// The outbound policy's settings: official robot endpoints by default, and the testing settings
// that open the SSRF guard refused in production.
import { ConfigError, parseConfig } from '../../src/config/app-config';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-characters!!', SEED_DEMO_USERS: 'false', ADMIN_PASSWORD: 'correct horse battery' };

describe('outbound settings', () => {
  it('sends robots to the official endpoints, https only, nothing private, by default', () => {
    expect(parseConfig({}).notifications.outbound).toEqual({
      wecomUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
      dingtalkUrl: 'https://oapi.dingtalk.com/robot/send',
      allowHttp: false,
      allowPrivate: [],
    });
    expect(parseConfig(PRODUCTION).notifications.outbound.allowPrivate).toEqual([]);
  });

  it('takes the testing settings outside production', () => {
    const outbound = parseConfig({
      NODE_ENV: 'test',
      WECOM_ROBOT_URL: 'http://127.0.0.1:4010/cgi-bin/webhook/send',
      DINGTALK_ROBOT_URL: 'http://127.0.0.1:4010/robot/send',
      WEBHOOK_ALLOW_HTTP: 'true',
      OUTBOUND_ALLOW_PRIVATE: '127.0.0.1, 10.1.0.0/16, ::1',
    }).notifications.outbound;
    expect(outbound).toEqual({
      wecomUrl: 'http://127.0.0.1:4010/cgi-bin/webhook/send',
      dingtalkUrl: 'http://127.0.0.1:4010/robot/send',
      allowHttp: true,
      allowPrivate: ['127.0.0.1', '10.1.0.0/16', '::1'],
    });
  });

  it('refuses each testing setting when NODE_ENV=production, naming it', () => {
    let error: unknown;
    try {
      parseConfig({
        ...PRODUCTION,
        WECOM_ROBOT_URL: 'https://relay.fulian.example.com/cgi-bin/webhook/send',
        DINGTALK_ROBOT_URL: 'http://127.0.0.1:4010/robot/send',
        WEBHOOK_ALLOW_HTTP: 'true',
        OUTBOUND_ALLOW_PRIVATE: '127.0.0.1',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^WECOM_ROBOT_URL: only for local testing; refused when NODE_ENV=production/),
      expect.stringMatching(/^DINGTALK_ROBOT_URL: only for local testing; refused when NODE_ENV=production/),
      expect.stringMatching(/^WEBHOOK_ALLOW_HTTP: plain http:\/\/ webhooks are for local testing only/),
      expect.stringMatching(/^OUTBOUND_ALLOW_PRIVATE: private addresses are for local testing only/),
    ]);
  });

  it('refuses malformed values with the setting named', () => {
    expect(() => parseConfig({ OUTBOUND_ALLOW_PRIVATE: 'localhost' })).toThrow(/OUTBOUND_ALLOW_PRIVATE="localhost": expected addresses or CIDR ranges.*not one: localhost/);
    expect(() => parseConfig({ OUTBOUND_ALLOW_PRIVATE: '10.0.0.0/33' })).toThrow(/OUTBOUND_ALLOW_PRIVATE="10\.0\.0\.0\/33"/);
    expect(() => parseConfig({ WECOM_ROBOT_URL: 'http://127.0.0.1:4010/send?key=k' })).toThrow(/WECOM_ROBOT_URL="http:\/\/127\.0\.0\.1:4010\/send\?key=k": expected an http\(s\) URL without query/);
    expect(() => parseConfig({ WEBHOOK_ALLOW_HTTP: 'sometimes' })).toThrow(/WEBHOOK_ALLOW_HTTP="sometimes"/);
  });
});
