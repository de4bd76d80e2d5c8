// A generic JSON webhook for other systems (an OA system, a district's own portal). The body is the
// notification as JSON; `X-Fulian-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body">` keyed by the
// webhook's secret, with the timestamp (unix seconds) in `X-Fulian-Timestamp`, lets the receiver
// check origin and freshness. `X-Fulian-Delivery` is the same on every retry: receivers dedupe by it.
import { createHmac } from 'node:crypto';
import { type Delivery, type DeliveryChannel, type OutboundMessage } from './channel';
import type { OutboundHttp } from './http';

export function webhookSignature(timestamp: string, body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** What a webhook receives. */
export interface WebhookPayload {
  notificationId: string;
  kind: string;
  eventId: string | null;
  eventTitle: string | null;
  stepId: string | null;
  subject: { 'zh-CN': string; en: string };
  body: { 'zh-CN': string; en: string };
  calendar: OutboundMessage['calendar'];
  createdAt: string;
  /** Unit robots hear a notice once for the whole unit; a person's own webhook names the person. */
  unit: { code: string; nameZh: string; nameEn: string };
  recipient?: { id: string; username: string; displayName: string };
}

export class WebhookChannel implements DeliveryChannel {
  readonly name = 'webhook' as const;

  constructor(private readonly http: OutboundHttp) {}

  async send(delivery: Delivery, m: OutboundMessage): Promise<{ messageId: string }> {
    const payload: WebhookPayload = {
      notificationId: m.notificationId,
      kind: m.kind,
      eventId: m.eventId,
      eventTitle: m.eventTitle,
      stepId: m.stepId,
      subject: m.subject,
      body: m.body,
      calendar: m.calendar,
      createdAt: m.createdAt.toISOString(),
      unit: m.unit,
      ...(m.audience === 'person' ? { recipient: m.recipient } : {}),
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'x-fulian-delivery': delivery.id, 'x-fulian-timestamp': timestamp };
    if (m.secret) headers['x-fulian-signature'] = webhookSignature(timestamp, body, m.secret);
    await this.http.postJson('webhook', delivery.target, body, headers);
    return { messageId: delivery.id };
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
