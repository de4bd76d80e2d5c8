// The outbox dispatcher: runs in every worker process, sends the deliveries that activities enqueued
// beside their notifications, and records the outcome of each. Woken at once by NOTIFY on commit,
// polling every second in case a notification is missed.
//
// Exactly once, as far as the wire allows: a delivery is claimed (status `sending`, a lease, the
// attempt counted) before it is sent and marked `sent` right after, before the next message on its
// channel goes out. Every write after the claim is fenced by the attempt number, so a dispatcher that
// lost its lease cannot overwrite the one that took over. What remains at-least-once is the window
// between the far end accepting a message and the mark being written: a worker killed there leaves
// the row `sending`; when its lease expires another dispatcher sends it again. That is at most one
// message per channel per crashed worker, and the copy is detectable: email carries the same
// Message-ID `<notification-id.email@fulian-flow>`, webhooks the same `X-Fulian-Delivery`.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { CalendarPayload } from '../../workflows/calendar-payload';
import type { LocalizedText } from '../../workflows/template-types';
import { APP_CONFIG, databaseUrlOf, type AppConfig } from '../config/app-config';
import { DeliveryError, type ChannelName, type Delivery, type DeliveryChannel, type OutboundMessage } from './channels/channel';
import { DingTalkChannel } from './channels/dingtalk.channel';
import { EmailChannel, type EmailChannelOptions } from './channels/email.channel';
import { NoticeDocuments } from '../documents/notice-document';
import { noticeEmailDocuments } from '../documents/notice-email-document';
import { OutboundHttp } from './channels/http';
import { OutboundPolicy } from './channels/outbound-policy';
import { WebhookChannel } from './channels/webhook.channel';
import { WeComChannel } from './channels/wecom.channel';
import { OUTBOX_NOTIFY_CHANNEL } from './outbox';

/** Deliveries claimed at once; each channel then sends its share one after another. */
const BATCH_SIZE = 50;
/** The fallback poll, for a missed NOTIFY or a lost LISTEN connection. */
const POLL_MS = 1000;
const MAX_BACKOFF_MS = 3_600_000;

interface ClaimedRow {
  id: string;
  notification_id: string;
  channel: ChannelName;
  target: string;
  attempts: number;
}

interface MessageRow {
  delivery_id: string;
  notification_id: string;
  kind: string;
  event_id: string | null;
  event_title: string | null;
  step_id: string | null;
  task_id: string | null;
  link: string | null;
  subject: LocalizedText;
  body: LocalizedText;
  calendar: CalendarPayload | null;
  created_at: Date;
  recipient_id: string;
  username: string;
  display_name: string;
  unit_code: string;
  name_zh: string;
  name_en: string;
  unit_audience: boolean;
  preference_enabled: boolean | null;
  secret: string | null;
}

interface LoadedMessage {
  message: OutboundMessage;
  /** False when the preference was switched off or deleted after the delivery was enqueued. */
  preferenceActive: boolean;
}

/** The channels this process can send on: email only when there is an SMTP server to send to. */
export function createChannels(config: AppConfig, documentOf?: EmailChannelOptions['documentOf']): Map<ChannelName, DeliveryChannel> {
  const n = config.notifications;
  const policy = new OutboundPolicy(n.outbound);
  const http = () => new OutboundHttp(policy, n.webhookTimeoutMs);
  const channels: DeliveryChannel[] = [new WeComChannel(http()), new DingTalkChannel(http()), new WebhookChannel(http())];
  if (n.smtpUrl) {
    channels.unshift(new EmailChannel({ smtpUrl: n.smtpUrl, from: n.mailFrom, publicUrl: config.http.publicUrl, timeoutMs: n.webhookTimeoutMs, documentOf }));
  }
  return new Map(channels.map((c) => [c.name, c]));
}

@Injectable()
export class OutboxDispatcherService implements OnApplicationBootstrap, OnModuleDestroy {
  private channels = new Map<ChannelName, DeliveryChannel>();
  private listener?: Client;
  private listenFailures = 0;
  private dispatchFailures = 0;
  private running?: Promise<void>;
  private stopping = false;
  private notified = false;
  private wakeUp?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @InjectPinoLogger(OutboxDispatcherService.name) private readonly logger: PinoLogger,
    private readonly noticeDocuments: NoticeDocuments,
  ) {}

  onApplicationBootstrap(): void {
    // A notice email carries its document; a third of the lease leaves the send its time.
    this.channels = createChannels(this.config, noticeEmailDocuments(this.noticeDocuments, this.logger, this.config.notifications.leaseMs / 3));
    if (!this.channels.has('email')) {
      const message = '邮件渠道未启用：未设置 SMTP_URL / Email channel off: SMTP_URL is not set; email deliveries wait in the outbox';
      // Tests that do not look at email run without an SMTP server: say so quietly there.
      if (this.config.env === 'test') this.logger.info(message);
      else this.logger.warn(message);
    }
    this.running = this.loop();
    this.logger.info({ channels: [...this.channels.keys()] }, 'Outbox dispatcher running');
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    for (const channel of this.channels.values()) await channel.close?.().catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      await this.listen();
      try {
        this.notified = false;
        claimed = await this.dispatchBatch();
        if (this.dispatchFailures > 0) this.logger.info({ failures: this.dispatchFailures }, 'Outbox dispatch working again');
        this.dispatchFailures = 0;
      } catch (err) {
        // Once per outage, not every second of it.
        if (this.dispatchFailures++ === 0) this.logger.error({ err }, 'Outbox dispatch failed; trying again every second');
      }
      if (this.stopping) break;
      if (claimed === BATCH_SIZE) continue; // more may be due
      await this.sleep(await this.untilNextDue());
    }
  }

  /** LISTEN on a connection of its own; without one, the poll still finds everything, a second later. */
  private async listen(): Promise<void> {
    if (this.listener || this.stopping) return;
    const client = new Client({
      connectionString: databaseUrlOf(this.config),
      application_name: 'fulian-flow outbox',
      connectionTimeoutMillis: 5000,
    });
    client.on('notification', () => {
      this.notified = true;
      this.wakeUp?.();
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'Outbox LISTEN connection lost; polling until it is back');
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
    });
    client.on('end', () => {
      if (this.listener === client) this.listener = undefined;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      this.listener = client;
      this.listenFailures = 0;
    } catch (err) {
      client.end().catch(() => undefined);
      if (this.listenFailures++ === 0) this.logger.warn({ err }, 'Outbox cannot LISTEN; polling every second');
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** Until the next retry or lease expiry, at most the poll interval. */
  private async untilNextDue(): Promise<number> {
    try {
      const [row] = await this.dataSource.query<{ ms: number | null }[]>(
        `SELECT (EXTRACT(EPOCH FROM min(CASE WHEN status = 'pending' THEN next_attempt_at ELSE lease_until END) - now()) * 1000)::float8 AS ms
           FROM notification_deliveries WHERE status IN ('pending', 'sending') AND channel = ANY($1::text[])`,
        [[...this.channels.keys()]],
      );
      return row?.ms == null ? POLL_MS : Math.min(POLL_MS, Math.max(20, row.ms));
    } catch {
      return POLL_MS;
    }
  }

  /** Claims what is due, sends it channel by channel, and returns how many were claimed. */
  private async dispatchBatch(): Promise<number> {
    const claimed = await this.dataSource.query<ClaimedRow[]>(
      `WITH due AS (
         SELECT id FROM notification_deliveries
          WHERE channel = ANY($2::text[])
            AND ((status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now()))
          ORDER BY next_attempt_at
          FOR UPDATE SKIP LOCKED
          LIMIT $3
       ), claimed AS (
         UPDATE notification_deliveries d
            SET status = 'sending', lease_until = now() + $1 * interval '1 millisecond', attempts = d.attempts + 1, updated_at = now()
           FROM due WHERE d.id = due.id
         RETURNING d.id, d.notification_id, d.channel, d.target, d.attempts, d.next_attempt_at, d.created_at
       )
       SELECT id, notification_id, channel, target, attempts FROM claimed ORDER BY next_attempt_at, created_at, id`,
      [this.config.notifications.leaseMs, [...this.channels.keys()], BATCH_SIZE],
    );
    if (claimed.length === 0) return 0;
    const messages = await this.loadMessages(claimed.map((c) => c.id));
    const lanes = new Map<ChannelName, ClaimedRow[]>();
    for (const row of claimed) lanes.set(row.channel, [...(lanes.get(row.channel) ?? []), row]);
    const started = new Set<string>();
    // Channels side by side, so a slow or failing robot never holds up email; within a channel, one
    // message at a time, each marked before the next is sent.
    await Promise.all([...lanes.values()].map((lane) => this.runLane(lane, messages, started)));
    const unstarted = claimed.filter((c) => !started.has(c.id));
    if (unstarted.length) await this.release(unstarted);
    return claimed.length;
  }

  private async runLane(lane: ClaimedRow[], messages: Map<string, LoadedMessage>, started: Set<string>): Promise<void> {
    for (const row of lane) {
      if (this.stopping) return;
      started.add(row.id);
      const delivery: Delivery = { id: row.id, notificationId: row.notification_id, channel: row.channel, target: row.target, attempts: row.attempts };
      try {
        await this.deliver(delivery, messages.get(row.id));
      } catch (err) {
        // Only the bookkeeping can throw here (the database went away): the lease brings it back.
        this.logger.error({ err, deliveryId: row.id }, 'Outbox bookkeeping failed');
      }
    }
  }

  private async deliver(d: Delivery, loaded: LoadedMessage | undefined): Promise<void> {
    const maxAttempts = this.config.notifications.maxAttempts;
    if (d.attempts > maxAttempts) {
      // Its last attempt's worker died mid-send: whether that one arrived is unknown.
      await this.markFailed(d, new DeliveryError('gave up: the last attempt ended with its worker (lease expired)', true));
      return;
    }
    if (!loaded) return this.markFailed(d, new DeliveryError('notification not found', true));
    if (!loaded.preferenceActive) return this.markFailed(d, new DeliveryError('channel preference removed or disabled before sending', true));
    const message = loaded.message;
    // Renew the lease for this one send; if another dispatcher took the row over, leave it to them.
    if (!(await this.renewLease(d))) {
      this.logger.warn({ deliveryId: d.id }, 'Delivery taken over by another dispatcher; skipping');
      return;
    }
    const channel = this.channels.get(d.channel)!;
    let result: { messageId?: string };
    try {
      result = await channel.send(d, message);
    } catch (err) {
      await this.markFailed(d, err);
      return;
    }
    await this.markSent(d, result.messageId ?? null);
  }

  private async loadMessages(deliveryIds: string[]): Promise<Map<string, LoadedMessage>> {
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT d.id AS delivery_id, n.id AS notification_id, n.kind, n.event_id, e.title AS event_title, n.step_id, n.task_id, n.link,
              n.subject, n.body, n.calendar, n.created_at, u.id AS recipient_id, u.username, u.display_name,
              un.code AS unit_code, un.name_zh, un.name_en, d.dedupe_key IS NOT NULL AS unit_audience,
              p.enabled AS preference_enabled, p.secret
         FROM notification_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         JOIN users u ON u.id = n.recipient_id
         JOIN units un ON un.code = u.unit_code
         LEFT JOIN events e ON e.id = n.event_id
         LEFT JOIN channel_preferences p ON p.id = d.preference_id
        WHERE d.id = ANY($1::uuid[])`,
      [deliveryIds],
    );
    return new Map(
      rows.map((r) => [
        r.delivery_id,
        {
          preferenceActive: r.preference_enabled === true,
          message: {
            notificationId: r.notification_id,
            kind: r.kind,
            eventId: r.event_id,
            eventTitle: r.event_title,
            stepId: r.step_id,
            taskId: r.task_id,
            link: r.link,
            subject: r.subject,
            body: r.body,
            calendar: r.calendar,
            createdAt: r.created_at,
            recipient: { id: r.recipient_id, username: r.username, displayName: r.display_name },
            unit: { code: r.unit_code, nameZh: r.name_zh, nameEn: r.name_en },
            audience: r.unit_audience ? 'unit' : 'person',
            secret: r.secret,
          },
        },
      ]),
    );
  }

  /** Extends this attempt's lease (a write, fenced by the attempt number); false when the row is no longer ours. */
  private async renewLease(d: Delivery): Promise<boolean> {
    const [{ n }] = await this.dataSource.query<{ n: number }[]>(
      `WITH renewed AS (
         UPDATE notification_deliveries SET lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
          WHERE id = $1 AND attempts = $2 AND status = 'sending' RETURNING 1)
       SELECT count(*)::int AS n FROM renewed`,
      [d.id, d.attempts, this.config.notifications.leaseMs],
    );
    return n === 1;
  }

  private async markSent(d: Delivery, messageId: string | null): Promise<void> {
    // The message is out: keep trying to record that for a while, since a lost mark means a resend.
    for (let attempt = 0; ; attempt++) {
      try {
        const [{ n }] = await this.dataSource.query<{ n: number }[]>(
          `WITH marked AS (
             UPDATE notification_deliveries
                SET status = 'sent', sent_at = now(), message_id = $3, lease_until = NULL, last_error = NULL, updated_at = now()
              WHERE id = $1 AND attempts = $2 AND status = 'sending' RETURNING 1)
           SELECT count(*)::int AS n FROM marked`,
          [d.id, d.attempts, messageId],
        );
        if (n === 0) this.logger.warn({ deliveryId: d.id, messageId }, 'Sent, but the delivery had been taken over: a duplicate is possible');
        else this.logger.debug({ deliveryId: d.id, channel: d.channel, messageId }, 'Delivery sent');
        return;
      } catch (err) {
        if (attempt >= 5 || this.stopping) throw err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private async markFailed(d: Delivery, err: unknown): Promise<void> {
    const { maxAttempts, backoffMs } = this.config.notifications;
    const permanent = err instanceof DeliveryError && err.permanent;
    const dead = permanent || d.attempts >= maxAttempts;
    const delayMs = Math.min(backoffMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
    // Channels word their failures as short status lines; anything else (a bug) is named, not quoted,
    // so no far end's text and nothing unbounded reaches the dead letters.
    const message = err instanceof DeliveryError ? storedError(err.message) : `internal error (${err instanceof Error ? err.name : typeof err})`;
    await this.dataSource.query(
      `UPDATE notification_deliveries
          SET status = $3, next_attempt_at = now() + $4 * interval '1 millisecond', lease_until = NULL, last_error = $5, updated_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
      [d.id, d.attempts, dead ? 'dead' : 'pending', delayMs, message],
    );
    // A bug's own error goes to the operator's log (not to the dead letters), so it can be found.
    const fields = { deliveryId: d.id, channel: d.channel, attempts: d.attempts, error: message, ...(err instanceof DeliveryError ? {} : { err }) };
    if (dead) this.logger.error(fields, 'Delivery failed for good (dead letter)');
    else this.logger.warn({ ...fields, retryInMs: delayMs }, 'Delivery failed; will retry');
  }

  /** Claimed but never started (we are stopping): back to pending, the attempt not counted. */
  private async release(rows: ClaimedRow[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE notification_deliveries d SET status = 'pending', attempts = d.attempts - 1, lease_until = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::int[]) AS r(id, attempts)
        WHERE d.id = r.id AND d.attempts = r.attempts AND d.status = 'sending'`,
      [rows.map((r) => r.id), rows.map((r) => r.attempts)],
    );
  }
}

/** One line of at most 300 characters, without control characters: what a dead letter shows. */
export function storedError(message: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const line = message.split(/\r?\n/, 1)[0].replace(/[\u0000-\u001f\u007f]/g, ' ');
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
