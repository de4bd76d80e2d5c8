// 企业微信群机器人: POST `{ msgtype: 'markdown', markdown: { content } }` to the group's webhook URL
// (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…); success is HTTP 200 with errcode 0.
import { robotMarkdown, truncateUtf8 } from '../message';
import { type Delivery, type DeliveryChannel, type OutboundMessage } from './channel';
import { checkRobotReply, type OutboundHttp } from './http';

/** WeCom refuses markdown content over 4096 bytes. */
const MAX_CONTENT_BYTES = 4096;

export class WeComChannel implements DeliveryChannel {
  readonly name = 'wecom' as const;

  constructor(private readonly http: OutboundHttp) {}

  async send(delivery: Delivery, m: OutboundMessage): Promise<{ messageId?: string }> {
    const { text } = robotMarkdown(m);
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: truncateUtf8(text, MAX_CONTENT_BYTES) } });
    checkRobotReply(await this.http.postJson('wecom', delivery.target, body, {}));
    return {};
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
