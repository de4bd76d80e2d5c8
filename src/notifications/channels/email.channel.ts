// Email over SMTP (nodemailer): HTML and plain text, Chinese first, with the .ics invitation when the
// notification is one, and the notice's document (公文 PDF) when it announces a notice. The
// Message-ID is derived from the notification, so if a message is ever sent twice (the server
// accepted it, then the "sent" mark was lost), both copies carry the same Message-ID and the
// duplicate is detectable — and mail clients that thread by Message-ID fold it.
import { createTransport, type SMTPPoolOptions, type Transporter } from 'nodemailer';
import { invitationIcs, type Organizer } from '../ical-invitation';
import { emailHtml, emailText } from '../message';
import { DeliveryError, type Delivery, type DeliveryChannel, type OutboundMessage } from './channel';

export interface EmailChannelOptions {
  smtpUrl: string;
  /** `"重庆市妇联 fulian-flow" <noreply@fulian.example>` */
  from: string;
  publicUrl: string;
  /** Each SMTP phase (connect, greeting, idle socket) must finish within this. */
  timeoutMs: number;
  /**
   * The official document a notification carries (a notice's 公文 PDF), or null. It never throws:
   * a document that cannot be had in time is left out and the email goes without it.
   */
  documentOf?: (m: OutboundMessage) => Promise<EmailDocument | null>;
}

/** A file attached to the email. */
export interface EmailDocument {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** `<notification-id.email@fulian-flow>`: the same for every attempt of one notification. */
export function emailMessageId(notificationId: string): string {
  return `<${notificationId}.email@fulian-flow>`;
}

export class EmailChannel implements DeliveryChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;
  private readonly organizer: Organizer;

  constructor(private readonly options: EmailChannelOptions) {
    // One pooled connection per worker: messages go one after another, each marked before the next.
    this.transport = createTransport({
      pool: true,
      url: options.smtpUrl,
      maxConnections: 1,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    } as SMTPPoolOptions & { pool: true; url: string });
    this.organizer = parseOrganizer(options.from);
  }

  async send(delivery: Delivery, m: OutboundMessage): Promise<{ messageId: string }> {
    const messageId = emailMessageId(m.notificationId);
    const document = (await this.options.documentOf?.(m)) ?? null;
    let info: { accepted?: unknown[]; rejected?: unknown[] };
    try {
      info = await this.transport.sendMail({
        from: this.options.from,
        to: { name: m.recipient.displayName, address: delivery.target },
        subject: m.subject['zh-CN'],
        text: emailText(m, this.options.publicUrl),
        html: emailHtml(m, this.options.publicUrl),
        messageId,
        headers: { 'X-Fulian-Notification': m.notificationId, 'Content-Language': 'zh-CN, en' },
        ...(document ? { attachments: [{ filename: document.fileName, content: document.bytes, contentType: document.contentType }] } : {}),
        ...(m.calendar
          ? {
              icalEvent: {
                method: m.calendar.method,
                filename: m.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
                content: invitationIcs(m.calendar, this.organizer, { email: delivery.target, name: m.recipient.displayName }),
              },
            }
          : {}),
      });
    } catch (err) {
      const e = err as Error & { responseCode?: number; response?: string; code?: string };
      // 5xx: the server refuses this message or address for good; 4xx and network errors: try later.
      throw new DeliveryError(smtpFailure(e), typeof e.responseCode === 'number' && e.responseCode >= 500);
    }
    if (info.rejected?.length) throw new DeliveryError('recipient refused', true);
    return { messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

function parseOrganizer(from: string): Organizer {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1].trim() || match[2], email: match[2] } : { name: from, email: from };
}

/**
 * `SMTP 550 5.1.1`: the reply code and its enhanced status code, without the server's own words
 * (which a dead letter would otherwise show verbatim), or the socket's error code.
 */
function smtpFailure(e: { responseCode?: number; response?: string; code?: string }): string {
  if (typeof e.responseCode === 'number') {
    const enhanced = /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(e.response ?? '')?.[1];
    return `SMTP ${e.responseCode}${enhanced ? ` ${enhanced}` : ''}`;
  }
  return typeof e.code === 'string' && /^[A-Z0-9_]{2,40}$/.test(e.code) ? `SMTP connection failed: ${e.code}` : 'SMTP connection failed';
}
