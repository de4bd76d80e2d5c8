// 钉钉自定义机器人: POST `{ msgtype: 'markdown', markdown: { title, text } }`. With 加签 (signing)
// enabled, the URL also carries `timestamp` (ms) and `sign` = urlencode(base64(HMAC-SHA256 keyed by
// the secret, of "timestamp\nsecret")); DingTalk refuses a timestamp more than an hour off.
import { createHmac } from 'node:crypto';
import { robotMarkdown, truncateUtf8 } from '../message';
import { type Delivery, type DeliveryChannel, type OutboundMessage } from './channel';
import { checkRobotReply, type OutboundHttp } from './http';

const MAX_TEXT_BYTES = 5000;

export function dingTalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export function signedDingTalkUrl(url: string, secret: string | null, now = Date.now()): string {
  if (!secret) return url; // a robot secured by keyword or IP list instead
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}timestamp=${now}&sign=${encodeURIComponent(dingTalkSign(now, secret))}`;
}

export class DingTalkChannel implements DeliveryChannel {
  readonly name = 'dingtalk' as const;

  constructor(private readonly http: OutboundHttp) {}

  async send(delivery: Delivery, m: OutboundMessage): Promise<{ messageId?: string }> {
    const { title, text } = robotMarkdown(m);
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { title, text: truncateUtf8(text, MAX_TEXT_BYTES) } });
    checkRobotReply(await this.http.postJson('dingtalk', delivery.target, body, {}, signedDingTalkUrl(delivery.target, m.secret)));
    return {};
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
