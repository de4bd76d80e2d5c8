import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an event copied at its start from an earlier event of another template (M2: the honourees of
 * A1's decision): one row per source template, a snapshot that later changes to the source do not
 * reach. It is only ever written once; the row goes only with its event (a start Temporal refused).
 */
export class EventHandoffs1765600200000 implements MigrationInterface {
  name = 'EventHandoffs1765600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_handoffs (
        event_id        uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        source_template text NOT NULL,
        source_event_id uuid NOT NULL REFERENCES events(id),
        handed_values   jsonb NOT NULL,
        copied_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, source_template)
      )`);
    await q.query('CREATE INDEX event_handoffs_source ON event_handoffs (source_event_id)');
    await q.query(`
      CREATE FUNCTION event_handoffs_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_handoffs is a snapshot taken at the start of an event; it cannot change';
      END $$`);
    await q.query('CREATE TRIGGER event_handoffs_no_update BEFORE UPDATE ON event_handoffs FOR EACH ROW EXECUTE FUNCTION event_handoffs_frozen()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE event_handoffs');
    await q.query('DROP FUNCTION event_handoffs_frozen');
  }
}
