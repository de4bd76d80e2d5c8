// The in-app inbox (站内通知) of the signed-in user, and the administrator's view of dead letters.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarPayload } from '../../workflows/calendar-payload';
import type { LocalizedText } from '../../workflows/template-types';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/ids';
import type { DeadLettersQuery, ListNotificationsQuery } from './notifications.dto';
import { linkOf } from './message';
import { wakeOutboxDispatchers } from './outbox';

export interface InboxItem {
  id: string;
  kind: string;
  eventId: string | null;
  eventTitle: string | null;
  stepId: string | null;
  taskId: string | null;
  /** The web app's page where the recipient acts on it. */
  link: string | null;
  subject: LocalizedText;
  body: LocalizedText;
  calendar: CalendarPayload | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

export interface DeadLetter {
  id: string;
  notificationId: string;
  channel: string;
  /** Robot and webhook URLs with their query values hidden (a WeCom key is a credential). */
  target: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  failedAt: Date;
  kind: string;
  subject: LocalizedText;
  eventId: string | null;
  recipient: { id: string; username: string; displayName: string };
}

const notFound = () => new DomainError('NOT_FOUND', '通知不存在', 'Notification not found');

@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: AuthUser, q: ListNotificationsQuery): Promise<InboxPage> {
    const unreadOnly = q.unread === true;
    const rows = await this.dataSource.query<
      { id: string; kind: string; event_id: string | null; event_title: string | null; step_id: string | null; task_id: string | null; link: string | null; subject: LocalizedText; body: LocalizedText; calendar: CalendarPayload | null; created_at: Date; read_at: Date | null }[]
    >(
      `SELECT n.id, n.kind, n.event_id, e.title AS event_title, n.step_id, n.task_id, n.link, n.subject, n.body, n.calendar, n.created_at, n.read_at
         FROM notifications n LEFT JOIN events e ON e.id = n.event_id
        WHERE n.recipient_id = $1 AND (NOT $2::boolean OR n.read_at IS NULL)
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $3 OFFSET $4`,
      [user.id, unreadOnly, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const [counts] = await this.dataSource.query<{ total: number; unread: number }[]>(
      `SELECT count(*) FILTER (WHERE NOT $2::boolean OR read_at IS NULL)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM notifications WHERE recipient_id = $1`,
      [user.id, unreadOnly],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        eventId: r.event_id,
        eventTitle: r.event_title,
        stepId: r.step_id,
        taskId: r.task_id,
        link: linkOf({ link: r.link, taskId: r.task_id, eventId: r.event_id }),
        subject: r.subject,
        body: r.body,
        calendar: r.calendar,
        createdAt: r.created_at,
        readAt: r.read_at,
      })),
      total: counts.total,
      unread: counts.unread,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async unreadCount(user: AuthUser): Promise<{ count: number }> {
    const [row] = await this.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM notifications WHERE recipient_id = $1 AND read_at IS NULL',
      [user.id],
    );
    return { count: row.count };
  }

  /**
   * Only the recipient may mark a notification read (notification.mark-read, relation `owner`): the
   * update's WHERE holds the relation, and anyone else's id is answered as unknown (404).
   */
  async markRead(user: AuthUser, id: string): Promise<{ id: string; readAt: Date }> {
    if (!isUuid(id)) throw notFound();
    const [row] = await this.dataSource.query<{ id: string; read_at: Date }[]>(
      `WITH marked AS (
         UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND recipient_id = $2 RETURNING id, read_at)
       SELECT id, read_at FROM marked`,
      [id, user.id],
    );
    if (!row) throw notFound();
    return { id: row.id, readAt: row.read_at };
  }

  async markAllRead(user: AuthUser): Promise<{ marked: number }> {
    const [row] = await this.dataSource.query<{ marked: number }[]>(
      `WITH marked AS (
         UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL RETURNING 1)
       SELECT count(*)::int AS marked FROM marked`,
      [user.id],
    );
    return { marked: row.marked };
  }

  async deadLetters(q: DeadLettersQuery): Promise<{ items: DeadLetter[]; total: number; page: number; pageSize: number }> {
    const rows = await this.dataSource.query<
      { id: string; notification_id: string; channel: string; target: string; attempts: number; last_error: string | null; created_at: Date; updated_at: Date; kind: string; subject: LocalizedText; event_id: string | null; recipient_id: string; username: string; display_name: string }[]
    >(
      `SELECT d.id, d.notification_id, d.channel, d.target, d.attempts, d.last_error, d.created_at, d.updated_at,
              n.kind, n.subject, n.event_id, u.id AS recipient_id, u.username, u.display_name
         FROM notification_deliveries d
         JOIN notifications n ON n.id = d.notification_id
         JOIN users u ON u.id = n.recipient_id
        WHERE d.status = 'dead'
        ORDER BY d.updated_at DESC, d.id
        LIMIT $1 OFFSET $2`,
      [q.pageSize, (q.page - 1) * q.pageSize],
    );
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM notification_deliveries WHERE status = 'dead'`,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        notificationId: r.notification_id,
        channel: r.channel,
        target: r.channel === 'email' ? r.target : maskUrl(r.target),
        attempts: r.attempts,
        lastError: r.last_error,
        createdAt: r.created_at,
        failedAt: r.updated_at,
        kind: r.kind,
        subject: r.subject,
        eventId: r.event_id,
        recipient: { id: r.recipient_id, username: r.username, displayName: r.display_name },
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * Puts a dead letter back in the outbox with a fresh set of attempts (after the robot or mail server
   * is fixed) and wakes the dispatchers; a worker sends it, not this call.
   */
  async requeueDeadLetter(id: string): Promise<{ id: string; status: 'pending' }> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND', '投递记录不存在', 'Delivery not found');
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query<{ id: string }[]>(
        `WITH retried AS (
           UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL, updated_at = now()
            WHERE id = $1 AND status = 'dead' RETURNING id)
         SELECT id FROM retried`,
        [id],
      );
      if (!row) throw new DomainError('NOT_FOUND', '没有这条失败投递', 'No dead letter with this id');
      await wakeOutboxDispatchers(m);
      return { id: row.id, status: 'pending' as const };
    });
  }
}

/** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***`: enough to recognise, not to use. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, '***');
    u.username = '';
    u.password = '';
    return decodeURI(u.toString());
  } catch {
    return '***';
  }
}
