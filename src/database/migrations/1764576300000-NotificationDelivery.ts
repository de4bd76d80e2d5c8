import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivering notifications beyond the in-app inbox, as an outbox: the activity that writes a
 * notification writes its deliveries in the same transaction, and a dispatcher in every worker sends
 * them (email, WeCom and DingTalk group robots, signed webhooks), with retries and dead letters.
 * Also: where people and units want to be told, calendar invitations on notifications, and the
 * tokens of private calendar feeds.
 */
export class NotificationDelivery1764576300000 implements MigrationInterface {
  name = 'NotificationDelivery1764576300000';

  async up(q: QueryRunner): Promise<void> {
    // { uid, sequence, method: 'REQUEST' | 'CANCEL', start, end, summary, location, description }
    await q.query('ALTER TABLE notifications ADD COLUMN calendar jsonb');
    await q.query('CREATE INDEX notifications_unread ON notifications (recipient_id, created_at DESC) WHERE read_at IS NULL');
    // The calendar feed reads the latest SEQUENCE an event's invitations went out with.
    await q.query('CREATE INDEX notifications_event_calendar ON notifications (event_id) WHERE calendar IS NOT NULL');

    // Owned by a person (their email) or by a unit (its group robots and webhooks): exactly one.
    await q.query(`
      CREATE TABLE channel_preferences (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
        unit_code  text REFERENCES units (code) ON DELETE CASCADE,
        channel    text NOT NULL CHECK (channel IN ('email', 'wecom', 'dingtalk', 'webhook')),
        enabled    boolean NOT NULL DEFAULT true,
        target     text NOT NULL CHECK (btrim(target) <> ''),
        secret     text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT channel_preferences_one_owner CHECK ((user_id IS NULL) <> (unit_code IS NULL))
      )`);
    await q.query('CREATE UNIQUE INDEX channel_preferences_user ON channel_preferences (user_id, channel, target) WHERE user_id IS NOT NULL');
    await q.query('CREATE UNIQUE INDEX channel_preferences_unit ON channel_preferences (unit_code, channel, target) WHERE unit_code IS NOT NULL');

    await q.query(`
      CREATE TABLE notification_deliveries (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        channel         text NOT NULL CHECK (channel IN ('email', 'wecom', 'dingtalk', 'webhook')),
        target          text NOT NULL,
        preference_id   uuid REFERENCES channel_preferences (id) ON DELETE SET NULL,
        -- A unit's robot hears of one notice once, however many of its people it reaches.
        dedupe_key      text,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
        attempts        int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until     timestamptz,
        last_error      text,
        message_id      text,
        sent_at         timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (notification_id, channel, target)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX notification_deliveries_dedupe ON notification_deliveries (channel, target, dedupe_key)
       WHERE dedupe_key IS NOT NULL`);
    await q.query(`
      CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
       WHERE status IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX notification_deliveries_dead ON notification_deliveries (updated_at DESC) WHERE status = 'dead'`);

    await q.query(`
      CREATE TABLE calendar_tokens (
        user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        token      text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // People who already have an address hear by email (new demo users get theirs from the seed).
    await q.query(`
      INSERT INTO channel_preferences (user_id, channel, target)
      SELECT id, 'email', email FROM users WHERE email IS NOT NULL AND btrim(email) <> ''
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_tokens');
    await q.query('DROP TABLE notification_deliveries');
    await q.query('DROP TABLE channel_preferences');
    await q.query('DROP INDEX notifications_event_calendar');
    await q.query('DROP INDEX notifications_unread');
    await q.query('ALTER TABLE notifications DROP COLUMN calendar');
  }
}
