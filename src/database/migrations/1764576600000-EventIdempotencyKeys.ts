import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Idempotency-Key of POST /api/events: which event a user's key started, and a hash of the
 * request it came with. The row is written in the transaction that writes the event row, so two
 * copies of one request cannot both start an event; it goes with the event if the start fails.
 */
export class EventIdempotencyKeys1764576600000 implements MigrationInterface {
  name = 'EventIdempotencyKeys1764576600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_idempotency_keys (
        user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key          text NOT NULL,
        request_hash text NOT NULL,
        event_id     uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        -- Set once the event's workflow has started: until then a repeat waits for the first.
        completed_at timestamptz,
        PRIMARY KEY (user_id, key)
      )`);
    await q.query('CREATE INDEX event_idempotency_keys_event ON event_idempotency_keys (event_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE event_idempotency_keys');
  }
}
