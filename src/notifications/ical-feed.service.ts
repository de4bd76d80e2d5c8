// Each user's private iCalendar feed (.ics): a secret URL a calendar app subscribes to, listing the
// events the user organises, takes part in or has a task in, with their current dates. The
// invitations sent by email are ical-invitation.ts.
import { Inject, Injectable } from '@nestjs/common';
import ical, { ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { calendarUid } from '../../workflows/calendar-payload';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ICAL_PROD_ID, type Organizer } from './ical-invitation';

export interface FeedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location: string | null;
  description: string | null;
  status: 'active' | 'postponed' | 'cancelled' | 'archived';
  updatedAt: Date;
}

const STATUS_TEXT: Record<FeedEvent['status'], string> = {
  active: '进行中 Active',
  postponed: '延期待定，日期另行通知 Postponed, new date to be announced',
  cancelled: '已取消 Cancelled',
  archived: '已归档 Archived',
};

@Injectable()
export class IcalFeedService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** The caller's feed URL; the first call creates (writes) the token, later ones return it. */
  async getOrCreateUrl(user: AuthUser): Promise<{ url: string }> {
    await this.dataSource.query('INSERT INTO calendar_tokens (user_id, token) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING', [
      user.id,
      newToken(),
    ]);
    const [row] = await this.dataSource.query<{ token: string }[]>('SELECT token FROM calendar_tokens WHERE user_id = $1', [user.id]);
    return { url: this.urlOf(row.token) };
  }

  /** A new secret URL; the old one stops working (when it was shared by mistake). */
  async resetUrl(user: AuthUser): Promise<{ url: string }> {
    const token = newToken();
    await this.dataSource.query(
      `INSERT INTO calendar_tokens (user_id, token) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token = EXCLUDED.token, created_at = now()`,
      [user.id, token],
    );
    return { url: this.urlOf(token) };
  }

  /** The VCALENDAR behind a token; an unknown token (or a deactivated user's) is not found. */
  async feed(token: string): Promise<string> {
    const [owner] = await this.dataSource.query<{ id: string; display_name: string }[]>(
      `SELECT u.id, u.display_name FROM calendar_tokens t JOIN users u ON u.id = t.user_id WHERE t.token = $1 AND u.active`,
      [token],
    );
    if (!owner) throw new DomainError('NOT_FOUND', '日历订阅地址无效', 'Unknown calendar feed');
    const rows = await this.dataSource.query<
      { id: string; title: string; venue: string | null; starts_at: Date; ends_at: Date; status: FeedEvent['status']; cancel_reason: string | null; updated_at: Date; lead_name: string; sequence: number }[]
    >(
      `SELECT e.id, e.title, e.venue, e.starts_at, e.ends_at, e.status, e.cancel_reason, e.updated_at, un.name_zh AS lead_name,
              COALESCE((SELECT max((n.calendar->>'sequence')::int) FROM notifications n
                         WHERE n.event_id = e.id AND n.calendar IS NOT NULL), 0) AS sequence
         FROM events e JOIN units un ON un.code = e.lead_unit
        WHERE e.organiser_id = $1 OR $1 = ANY (e.participant_ids)
           OR EXISTS (SELECT 1 FROM tasks t WHERE t.event_id = e.id AND t.assignee_ids @> ARRAY[$1]::uuid[])
        ORDER BY e.starts_at, e.id`,
      [owner.id],
    );
    const organizer = { name: '重庆市妇联', email: addressOf(this.config.notifications.mailFrom) };
    return feedIcs(
      `fulian-flow · ${owner.display_name}`,
      rows.map((r) => ({
        uid: calendarUid(r.id),
        sequence: r.sequence,
        start: r.starts_at,
        end: r.ends_at,
        summary: r.title,
        location: r.venue,
        description: [
          `牵头部门 Lead department：${r.lead_name}`,
          `状态 Status：${STATUS_TEXT[r.status]}${r.status === 'cancelled' && r.cancel_reason ? `（${r.cancel_reason}）` : ''}`,
          `${this.config.http.publicUrl}/api/events/${r.id}`,
        ].join('\n'),
        status: r.status,
        updatedAt: r.updated_at,
      })),
      organizer,
    );
  }

  private urlOf(token: string): string {
    return `${this.config.http.publicUrl}/api/calendar/${token}.ics`;
  }
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

/** A subscribed calendar (no METHOD): the events as they stand now; cancelled ones say so. */
export function feedIcs(name: string, events: FeedEvent[], organizer: Organizer): string {
  const calendar: ICalCalendar = ical({ prodId: ICAL_PROD_ID, name, timezone: null, ttl: 15 * 60 });
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: e.updatedAt,
      start: e.start,
      end: e.end,
      summary: e.status === 'cancelled' ? `【已取消】${e.summary}` : e.status === 'postponed' ? `【延期待定】${e.summary}` : e.summary,
      location: e.location,
      description: e.description,
      organizer,
      status:
        e.status === 'cancelled' ? ICalEventStatus.CANCELLED : e.status === 'postponed' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
